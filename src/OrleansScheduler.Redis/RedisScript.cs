using System.Text.RegularExpressions;

namespace OrleansScheduler.Redis;

/// <summary>
/// One embedded Lua script (<c>Scripts/&lt;name&gt;.lua</c>) and the SHA1 the server knows it by
/// once loaded. The SHA is replaced when the script is loaded again after a NOSCRIPT.
/// </summary>
internal sealed partial class RedisScript(string name, string text)
{
    public string Name { get; } = name;
    public string Text { get; } = text;
    public byte[]? Sha { get; set; }

    /// <summary>
    /// Reads <c>OrleansScheduler.Redis.Scripts.&lt;name&gt;.lua</c> from this assembly, with each line
    /// <c>--#include &lt;other&gt;</c> replaced by that script's text: EVALSHA scripts cannot call each
    /// other, so helpers they share (<c>_history.lua</c>) are pasted in.
    /// </summary>
    public static RedisScript FromResource(string name)
    {
        string text = IncludeLine().Replace(Read(name), m => Read(m.Groups["name"].Value));
        return new RedisScript(name, text);
    }

    private static string Read(string name)
    {
        string resource = $"OrleansScheduler.Redis.Scripts.{name}.lua";
        using var stream = typeof(RedisScript).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script '{resource}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^--#include (?<name>[A-Za-z0-9_]+)\r?$", RegexOptions.Multiline)]
    private static partial Regex IncludeLine();
}
