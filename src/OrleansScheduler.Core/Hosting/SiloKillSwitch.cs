namespace OrleansScheduler.Hosting;

/// <summary>
/// Simulates a crash for the testing host: when tripped, the silo stops heartbeating, claiming and
/// sweeping at once, with no drain, no hand-back and no goodbye, while the handlers it was running
/// keep going as zombies (their outcomes reach the store and are rejected by their fencing tokens).
/// </summary>
internal sealed class SiloKillSwitch : IDisposable
{
    private readonly CancellationTokenSource _killed = new();

    /// <summary>Fires when the silo is killed.</summary>
    public CancellationToken Token => _killed.Token;

    /// <summary>True once the silo was killed.</summary>
    public bool IsKilled => _killed.IsCancellationRequested;

    /// <summary>Kills the silo.</summary>
    public void Kill() => _killed.Cancel();

    public void Dispose() => _killed.Dispose();
}
