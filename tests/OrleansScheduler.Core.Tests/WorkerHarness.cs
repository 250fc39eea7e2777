using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansScheduler.Hosting;
using OrleansScheduler.Storage;
using OrleansScheduler.Storage.InMemory;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Core.Tests;

/// <summary>A silo on the in-memory store in a real Generic Host, for worker tests.</summary>
internal sealed class WorkerHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private WorkerHarness(IHost host, InMemoryTaskStore store)
    {
        _host = host;
        Store = store;
    }

    public InMemoryTaskStore Store { get; }

    public static async Task<WorkerHarness> StartAsync(Action<SchedulerOptions>? configure = null, Action<SchedulerBuilder>? handlers = null,
        InMemoryTaskStore? store = null, Membership.InMemoryClusterStore? cluster = null)
    {
        store ??= new InMemoryTaskStore();
        var builder = Host.CreateApplicationBuilder();
        var scheduler = builder.Services.AddScheduler(o =>
        {
            o.SiloId = "test-silo";
            o.PollInterval = TimeSpan.FromMilliseconds(200);
            o.SweepInterval = TimeSpan.FromMilliseconds(100);
            o.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
            o.DeadAfter = TimeSpan.FromSeconds(2);
            o.RoleLeaseTime = TimeSpan.FromSeconds(1);
            o.DrainTimeout = TimeSpan.FromSeconds(5);
            configure?.Invoke(o);
        }).UseInMemory(store, cluster).AddBuiltInHandlers();
        handlers?.Invoke(scheduler);
        var host = builder.Build();
        await host.StartAsync();
        return new WorkerHarness(host, store);
    }

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    public Task StopAsync() => _host.StopAsync();

    public Task<TaskRecord> WaitForTerminalAsync(string id, TimeSpan? timeout = null) =>
        Eventually.Until(async () => (await Store.GetAsync(id))!, t => t.Status.IsTerminal(), $"task {id} to reach a terminal state", timeout);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
