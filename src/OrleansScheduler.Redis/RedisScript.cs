namespace OrleansScheduler.Redis;

/// <summary>
/// One embedded Lua script (<c>Scripts/&lt;name&gt;.lua</c>) and the SHA1 the server knows it by
/// once loaded. The SHA is replaced when the script is loaded again after a NOSCRIPT.
/// </summary>
internal sealed class RedisScript(string name, string text)
{
    public string Name { get; } = name;
    public string Text { get; } = text;
    public byte[]? Sha { get; set; }

    /// <summary>Reads <c>OrleansScheduler.Redis.Scripts.&lt;name&gt;.lua</c> from this assembly.</summary>
    public static RedisScript FromResource(string name)
    {
        string resource = $"OrleansScheduler.Redis.Scripts.{name}.lua";
        using var stream = typeof(RedisScript).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script '{resource}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return new RedisScript(name, reader.ReadToEnd());
    }
}
