using System.Text.RegularExpressions;

namespace OrleansScheduler.Redis;

/// <summary>
/// One transition's embedded Lua (<c>Scripts/&lt;name&gt;.lua</c>): its body, the helpers it names with
/// <c>--#include &lt;helper&gt;</c> lines (defined once in the function library, <see cref="RedisFunctionLibrary"/>) and
/// the function flags it asks for with a <c>--#flags &lt;flag&gt; …</c> line (e.g. <c>allow-oom</c>).
/// <see cref="FunctionName"/> is set when the library that registers it is built.
/// </summary>
internal sealed partial class RedisScript
{
    private readonly string _text;

    private RedisScript(string name, string text, string body, IReadOnlyList<string> includes, IReadOnlyList<string> flags)
    {
        _text = text;
        Name = name;
        Body = body;
        Includes = includes;
        Flags = flags;
    }

    /// <summary>The file's name without <c>.lua</c>, e.g. <c>claim</c>.</summary>
    public string Name { get; }

    /// <summary>The file's text without its <c>--#include</c> and <c>--#flags</c> lines: the body of its function.</summary>
    public string Body { get; }

    /// <summary>The helpers it uses, in the order it names them.</summary>
    public IReadOnlyList<string> Includes { get; }

    /// <summary>Its Redis function flags, e.g. <c>allow-oom</c>.</summary>
    public IReadOnlyList<string> Flags { get; }

    /// <summary>
    /// The script as one EVAL script, each helper it includes pasted in before its body: what the tests
    /// run by hand, and what the efficiency figures compare a function call with.
    /// </summary>
    public string StandaloneText => IncludeLine().Replace(_text, m => ReadResource(m.Groups["name"].Value));

    /// <summary>The versioned name FCALL calls it by, e.g. <c>osched_3f2a9c01d4e7_claim</c>.</summary>
    public string FunctionName { get; set; } = "";

    /// <summary>Reads <c>OrleansScheduler.Redis.Scripts.&lt;name&gt;.lua</c> from this assembly.</summary>
    public static RedisScript FromResource(string name)
    {
        string text = ReadResource(name);
        var includes = IncludeLine().Matches(text).Select(m => m.Groups["name"].Value).ToList();
        var flags = FlagsLine().Matches(text).SelectMany(m => m.Groups["flags"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        string body = FlagsLine().Replace(IncludeLine().Replace(text, ""), "");
        return new RedisScript(name, text, body, includes, flags);
    }

    /// <summary>The text of an embedded helper or script, e.g. <c>_tasks</c>.</summary>
    public static string ReadResource(string name)
    {
        string resource = $"OrleansScheduler.Redis.Scripts.{name}.lua";
        using var stream = typeof(RedisScript).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script '{resource}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^--#include (?<name>[A-Za-z0-9_]+)\r?$", RegexOptions.Multiline)]
    private static partial Regex IncludeLine();

    [GeneratedRegex(@"^--#flags (?<flags>[a-z\- ]+)\r?$", RegexOptions.Multiline)]
    private static partial Regex FlagsLine();
}
