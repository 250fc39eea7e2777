using Microsoft.Extensions.DependencyInjection;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>What the silos of one <see cref="SiloFixture"/> share so that they form one Orleans cluster on one store.</summary>
public abstract class ClusterBackend : IAsyncDisposable
{
    /// <summary>Starts what the backend needs and returns the settings every silo (and gateway) of the cluster gets.</summary>
    public abstract Task<IReadOnlyDictionary<string, string?>> StartAsync();

    /// <summary>Services a silo gets that joins the cluster <paramref name="first"/> started.</summary>
    public virtual void Join(IServiceCollection services, SiloFactory first)
    {
    }

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
