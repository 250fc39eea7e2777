using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansScheduler.Redis;

/// <summary>
/// A set of transitions as one Redis function library (FUNCTION LOAD once, FCALL per call): every helper the
/// scripts include is defined once at the top of the library, and each script becomes one function whose
/// body is the script's text. A script sent with EVALSHA would rebuild every pasted helper's closure on
/// each call; a function library builds them once, when it is loaded.
/// </summary>
/// <remarks>
/// <para><b>Versioned names.</b> The library is <c>osched_&lt;set&gt;_&lt;version&gt;</c> and its functions
/// <c>osched_&lt;version&gt;_&lt;script&gt;</c>, where the version is the first 12 hex digits of the SHA-1 of the library's
/// text. Silos of two versions therefore load two libraries side by side during a rolling upgrade, and a
/// library is never REPLACEd under a silo that still calls it; an operator deletes an old one
/// (<c>FUNCTION DELETE</c>) once no silo of that version runs.</para>
/// <para><b>Per-call state.</b> A library's top-level locals live as long as the library, not one call; a helper
/// that keeps state across its calls within one transition (buffered events, whether a notice was added)
/// defines <c>local function reset&lt;Something&gt;()</c>, and every function calls each of them first, so a call
/// that failed half-way never leaks its state into the next one.</para>
/// <para>Lua limits the main chunk to 200 locals and a function to 60 upvalues: the helpers define about 120
/// top-level locals, and a transition uses at most about 30 of them.</para>
/// </remarks>
internal sealed partial class RedisFunctionLibrary
{
    public RedisFunctionLibrary(string set, IReadOnlyList<RedisScript> scripts)
    {
        var helpers = HelperOrder(scripts);
        string helperText = string.Join("\n", helpers.Select(RedisScript.ReadResource));
        var resets = ResetFunction().Matches(helperText).Select(m => m.Groups["name"].Value).ToList();

        // The version hashes everything but the names it goes into.
        string unnamed = Compose("{library}", "{version}", helperText, resets, scripts);
        Version = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(unnamed)))[..12];
        Name = $"osched_{set}_{Version}";
        foreach (var script in scripts) script.FunctionName = $"osched_{Version}_{script.Name}";
        Code = Compose(Name, Version, helperText, resets, scripts);
    }

    /// <summary>The library's name, e.g. <c>osched_tasks_3f2a9c01d4e7</c>.</summary>
    public string Name { get; }

    /// <summary>The 12 hex digits that name this version of the library.</summary>
    public string Version { get; }

    /// <summary>The library's source, as FUNCTION LOAD takes it.</summary>
    public string Code { get; }

    private static string Compose(string name, string version, string helperText, IReadOnlyList<string> resets, IReadOnlyList<RedisScript> scripts)
    {
        var code = new StringBuilder();
        code.Append("#!lua name=").Append(name).Append('\n');
        code.Append(helperText).Append('\n');
        code.Append("local function beginCall()\n");
        foreach (string reset in resets) code.Append("  ").Append(reset).Append("()\n");
        code.Append("end\n");
        foreach (var script in scripts)
        {
            code.Append("redis.register_function{function_name = 'osched_").Append(version).Append('_').Append(script.Name)
                .Append("', callback = function(KEYS, ARGV)\nbeginCall()\n")
                .Append(script.Body)
                .Append("\nend, flags = {");
            code.AppendJoin(", ", script.Flags.Select(flag => $"'{flag}'"));
            code.Append("}}\n");
        }
        return code.ToString();
    }

    /// <summary>The helpers every script includes, each once, in an order that keeps each script's own order
    /// (a helper uses those named before it).</summary>
    private static List<string> HelperOrder(IReadOnlyList<RedisScript> scripts)
    {
        var order = new List<string>();
        foreach (var script in scripts)
        {
            int at = 0;
            foreach (string helper in script.Includes)
            {
                int found = order.IndexOf(helper);
                if (found < 0) order.Insert(at++, helper);
                else if (found < at) throw new InvalidOperationException(
                    $"Script '{script.Name}' includes '{helper}' after helpers that other scripts include before it.");
                else at = found + 1;
            }
        }
        return order;
    }

    [GeneratedRegex(@"^local function (?<name>reset[A-Za-z]+)\(\)", RegexOptions.Multiline)]
    private static partial Regex ResetFunction();
}
