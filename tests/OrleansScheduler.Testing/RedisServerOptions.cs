namespace OrleansScheduler.Testing;

/// <summary>How a <see cref="RedisServer"/> runs beyond the fixture's defaults (a free loopback port, a temp dir, persistence off).</summary>
public sealed record RedisServerOptions
{
    /// <summary>
    /// Further redis-server arguments, after the fixture's own, so a later one wins: e.g.
    /// <c>["--appendonly", "yes", "--appendfsync", "always"]</c>. <c>{port}</c> and <c>{dir}</c> in an argument
    /// become the server's port and directory (a TLS-only server: <c>["--port", "0", "--tls-port", "{port}", …]</c>).
    /// </summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>
    /// Whether the server answers on its port yet. Default: a plain-text PING answered with PONG; a TLS-only
    /// or password-protected server needs its own check.
    /// </summary>
    public Func<int, Task<bool>>? IsReady { get; init; }

    /// <summary>The extra arguments with <c>{port}</c> and <c>{dir}</c> filled in.</summary>
    internal IEnumerable<string> ArgumentsFor(int port, string directory) =>
        Arguments.Select(a => a.Replace("{port}", port.ToString()).Replace("{dir}", directory));
}
