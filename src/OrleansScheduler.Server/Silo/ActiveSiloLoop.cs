namespace OrleansScheduler.Server;

/// <summary>
/// Work that runs in the background for as long as the silo is Active: started on the thread pool once
/// the silo reaches Orleans' Active stage, canceled and awaited when it leaves it.
/// </summary>
internal abstract class ActiveSiloLoop : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(GetType().Name, ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    /// <summary>The loop; it returns once <paramref name="stopping"/> fires.</summary>
    protected abstract Task RunAsync(CancellationToken stopping);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _running = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
    }
}
