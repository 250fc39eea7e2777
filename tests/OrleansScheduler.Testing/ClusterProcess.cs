namespace OrleansScheduler.Testing;

/// <summary>One line of <c>cluster.sh status</c>: a process the script started and what became of it.</summary>
/// <param name="Name"><c>redis</c>, a silo name, or <c>gateway-N</c> for a gateway-only process.</param>
/// <param name="Pid">Its pid.</param>
/// <param name="Port">Its port on 127.0.0.1.</param>
/// <param name="State"><c>running</c>, <c>killed</c> (by <c>cluster.sh kill</c>) or <c>gone</c> (exited by itself).</param>
public sealed record ClusterProcess(string Name, int Pid, int Port, string State)
{
    /// <summary>True for a gateway-only process (an Orleans client serving the HTTP API).</summary>
    public bool IsGateway => Name.StartsWith("gateway-", StringComparison.Ordinal);

    /// <summary>True for a silo that is still running.</summary>
    public bool IsLiveSilo => Name != "redis" && !IsGateway && State == "running";

    /// <summary>The process's HTTP API (a silo's or a gateway's).</summary>
    public Uri Api => new($"http://127.0.0.1:{Port}/");

    /// <inheritdoc />
    public override string ToString() => $"{Name} pid {Pid} port {Port} {State}";
}
