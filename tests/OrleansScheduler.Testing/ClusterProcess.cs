namespace OrleansScheduler.Testing;

/// <summary>One line of <c>cluster.sh status</c>: a process the script started and what became of it.</summary>
/// <param name="Name"><c>redis</c> or a silo name.</param>
/// <param name="Pid">Its pid.</param>
/// <param name="Port">Its port on 127.0.0.1.</param>
/// <param name="State"><c>running</c>, <c>killed</c> (by <c>cluster.sh kill</c>) or <c>gone</c> (exited by itself).</param>
public sealed record ClusterProcess(string Name, int Pid, int Port, string State)
{
    /// <summary>True for a silo that is still running.</summary>
    public bool IsLiveSilo => Name != "redis" && State == "running";

    /// <summary>The silo's gateway.</summary>
    public Uri Gateway => new($"http://127.0.0.1:{Port}/");

    /// <inheritdoc />
    public override string ToString() => $"{Name} pid {Pid} port {Port} {State}";
}
