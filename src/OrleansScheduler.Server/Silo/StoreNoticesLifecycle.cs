using OrleansScheduler.Storage;

namespace OrleansScheduler.Server;

/// <summary>
/// Registers <see cref="StoreNotices"/> with the task store just before the silo's worker starts, and removes it
/// after the worker has drained, so every transition the worker makes is told.
/// </summary>
internal sealed class StoreNoticesLifecycle(ITaskStore store, StoreNotices notices) : ILifecycleParticipant<ISiloLifecycle>
{
    private IDisposable? _listening;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StoreNoticesLifecycle), ServiceLifecycleStage.Active - 1, OnStartAsync, OnStopAsync);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _listening = store.Listen(notices);
        return Task.CompletedTask;
    }

    private Task OnStopAsync(CancellationToken cancellationToken)
    {
        _listening?.Dispose();
        _listening = null;
        return Task.CompletedTask;
    }
}
