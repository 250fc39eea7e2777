namespace OrleansScheduler.Storage;

/// <summary>
/// What a process knows of the store it works on, as <c>/healthz</c> reports it: <c>ok</c>; <c>redis-unreachable</c>
/// (the store cannot be reached now, and the process reconnects by itself); or a loss that only an operator can
/// repair (<see cref="NeedsOperator"/>): <c>redis-data-lost</c> (the store's data vanished under the running
/// process: a restart without persistence, FLUSHALL, a failover to an empty replica) or <c>membership-lost</c>
/// (Orleans' membership table lost its <c>Version</c> row, which its Redis table cannot work without).
/// </summary>
/// <param name="Status">The machine-readable state: <c>ok</c>, <c>redis-unreachable</c>, <c>redis-data-lost</c> or <c>membership-lost</c>.</param>
/// <param name="Cause">What was seen, for people (which key vanished, which error); null when <c>ok</c>.</param>
/// <param name="NeedsOperator">True when the process cannot recover by itself and its operator must follow the recovery procedure.</param>
public sealed record StoreHealth(string Status, string? Cause = null, bool NeedsOperator = false)
{
    /// <summary>The store works as it should.</summary>
    public static StoreHealth Ok { get; } = new("ok");

    /// <summary>The store cannot be reached now (<paramref name="cause"/>); the process keeps retrying.</summary>
    public static StoreHealth Unreachable(string cause) => new("redis-unreachable", cause);

    /// <summary>The store's data vanished under the running process (<paramref name="cause"/>).</summary>
    public static StoreHealth DataLost(string cause) => new("redis-data-lost", cause, NeedsOperator: true);

    /// <summary>Orleans' membership table lost its version row (<paramref name="cause"/>).</summary>
    public static StoreHealth MembershipLost(string cause) => new("membership-lost", cause, NeedsOperator: true);
}
