namespace OrleansScheduler.Storage;

/// <summary>Why the task store could not serve a call (<see cref="TaskStoreUnavailableException"/>).</summary>
public enum TaskStoreUnavailableReason
{
    /// <summary>The store's server is out of memory and refuses writes (Redis: <c>maxmemory</c> reached under <c>noeviction</c>).</summary>
    OutOfMemory,

    /// <summary>The connection to the store's server was lost or could not be made.</summary>
    ConnectionLost,

    /// <summary>The store's server did not answer in time.</summary>
    Timeout,

    /// <summary>The call reached a server that is no longer the primary (Redis: READONLY, during a failover).</summary>
    FailingOver,

    /// <summary>The write was made on the primary but fewer replicas than required confirmed it in time.</summary>
    ReplicasBehind,
}
