using OrleansScheduler.Hosting;

namespace OrleansScheduler.Silo;

/// <summary>
/// The configuration keys the silo executable reads. Section <c>Scheduler</c> binds
/// <see cref="SchedulerOptions"/>; beside its properties the section holds what only the executable
/// knows about: the Redis to use and the Redis store's options. Section <c>Orleans</c> is Orleans' own
/// (<c>Orleans:Name</c>, <c>Orleans:ClusterId</c>, <c>Orleans:Endpoints:SiloPort</c>, …).
/// </summary>
internal static class SiloConfiguration
{
    /// <summary>The section bound to <see cref="SchedulerOptions"/>.</summary>
    public const string Section = "Scheduler";

    /// <summary>A StackExchange.Redis configuration string; when set the silo clusters on it and keeps tasks, grain state and reminders there.</summary>
    public const string Redis = "Scheduler:Redis";

    /// <summary>A section bound onto the Redis store's options (e.g. <c>Scheduler:RedisStore:KeyPrefix</c>).</summary>
    public const string RedisStore = "Scheduler:RedisStore";

    /// <summary>Orleans' cluster id: the silos (and gateways) of one cluster share it; clusters on one Redis keep apart by it.</summary>
    public const string ClusterId = "Orleans:ClusterId";

    /// <summary>Orleans' service id: stays the same across deployments of the service; part of the membership's Redis key.</summary>
    public const string ServiceId = "Orleans:ServiceId";

    /// <summary>The port silos talk to each other on.</summary>
    public const string SiloPort = "Orleans:Endpoints:SiloPort";

    /// <summary>The port Orleans clients (a gateway process) connect to.</summary>
    public const string GatewayPort = "Orleans:Endpoints:GatewayPort";

    /// <summary>The cluster and service id when none is configured.</summary>
    public const string DefaultClusterId = "scheduler", DefaultServiceId = "scheduler";

    /// <summary>Orleans' default silo and gateway ports.</summary>
    public const int DefaultSiloPort = 11111, DefaultGatewayPort = 30000;

    /// <summary>Where the HTTP API listens when neither <c>--urls</c>, <c>ASPNETCORE_URLS</c> nor <c>HTTP_PORTS</c> says.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>
    /// Binds section <c>Scheduler</c> onto <paramref name="options"/>. The binder appends configured list
    /// items to the default <c>["default"]</c> instead of replacing it, so the queue list is read on its own.
    /// </summary>
    public static void Bind(IConfiguration configuration, SchedulerOptions options)
    {
        var section = configuration.GetSection(Section);
        section.Bind(options);

        // "a,b:3" in one value is accepted too, which is what an environment variable (Scheduler__Queues=a,b:3)
        // naturally holds; an explicit Scheduler:QueueWeights:<queue> wins over a weight written in the list.
        // Children win over a scalar: WebApplicationFactory hands its settings to Main as command-line
        // arguments, parent keys included with empty values (--Scheduler:Queues=).
        var queues = section.GetSection(nameof(SchedulerOptions.Queues));
        var items = queues.GetChildren().ToList();
        if (items.Count > 0)
            options.Queues = [.. items.Select(q => q.Value ?? "")];
        else if (!string.IsNullOrWhiteSpace(queues.Value))
            options.Queues = [.. queues.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(WithoutWeight)];

        string WithoutWeight(string item)
        {
            // An item that is not "name:weight" stays as it is, for the validator to refuse by name.
            if (!SiloArguments.TrySplitWeight(item, out string queue, out int weight)) return item;
            options.QueueWeights.TryAdd(queue, weight);
            return queue;
        }
    }
}
