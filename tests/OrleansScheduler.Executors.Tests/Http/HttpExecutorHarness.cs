using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Executors.Http;
using OrleansScheduler.Handlers;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Executors.Tests.Http;

/// <summary>
/// The HTTP executor as a silo would run it, without a silo: its services from <c>AddHttpExecutor</c> over the
/// given configuration (by default allowing only <paramref name="server"/>), and one attempt at a time with a
/// <see cref="TaskContext"/> whose token fires at the attempt's timeout, as the worker's does.
/// </summary>
internal sealed class HttpExecutorHarness(LoopbackHttpServer server, IReadOnlyDictionary<string, string?>? settings = null) : IAsyncDisposable
{
    private readonly ServiceProvider _services = Build(server, settings);

    public LoopbackHttpServer Server => server;

    public RecordingTaskLogger Logger { get; } = new();

    /// <summary>Runs one attempt of an http task with <paramref name="payload"/> and returns its result as stored JSON.</summary>
    public async Task<JsonElement> RunAsync(object payload, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        object? result = await HandleAsync(payload, timeout, cancellationToken);
        return JsonSerializer.SerializeToElement(result, result!.GetType(), JsonSerializerOptions.Web);
    }

    /// <summary>Runs one attempt that must fail with <typeparamref name="T"/> (or a subclass), and returns the exception.</summary>
    public Task<T> FailAsync<T>(object payload, TimeSpan? timeout = null, CancellationToken cancellationToken = default) where T : Exception =>
        Assert.ThrowsAnyAsync<T>(() => HandleAsync(payload, timeout, cancellationToken));

    private async Task<object?> HandleAsync(object payload, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(limit);
        string json = payload as string ?? JsonSerializer.Serialize(payload, JsonSerializerOptions.Web);
        var task = new ClaimedTask("http-" + Guid.NewGuid().ToString("N")[..8], "default", HttpHandler.Type, json, 1, 3, 1, limit, DateTimeOffset.UtcNow + limit);
        var context = new TaskContext(task, "silo-1", attempt.Token, Logger, (_, _) => Task.CompletedTask);
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HttpHandler>().HandleAsync(context);
    }

    private static ServiceProvider Build(LoopbackHttpServer server, IReadOnlyDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?> { ["Scheduler:Http:AllowedHosts:0"] = server.HostEntry };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all.Where(s => s.Value is not null)).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddHttpExecutor();
        return services.BuildServiceProvider(validateScopes: true);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await server.DisposeAsync();
    }
}
