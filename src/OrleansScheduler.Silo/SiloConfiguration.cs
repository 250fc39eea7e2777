using OrleansScheduler.Hosting;

namespace OrleansScheduler.Silo;

/// <summary>
/// The configuration keys the silo executable reads. Section <c>Scheduler</c> binds
/// <see cref="SchedulerOptions"/>; beside its properties the section holds the settings that only
/// the executable knows about: the store and the API key.
/// </summary>
internal static class SiloConfiguration
{
    /// <summary>The section bound to <see cref="SchedulerOptions"/>.</summary>
    public const string Section = "Scheduler";

    /// <summary>A StackExchange.Redis configuration string; when set the silo keeps tasks in Redis instead of memory.</summary>
    public const string Redis = "Scheduler:Redis";

    /// <summary>A section bound onto the Redis store's options (e.g. <c>Scheduler:RedisStore:KeyPrefix</c>).</summary>
    public const string RedisStore = "Scheduler:RedisStore";

    /// <summary>When set, every <c>/api/*</c> request must carry this value in the <c>X-Api-Key</c> header.</summary>
    public const string ApiKey = "Scheduler:ApiKey";

    /// <summary>Where the gateway listens when neither <c>--urls</c>, <c>ASPNETCORE_URLS</c> nor <c>HTTP_PORTS</c> says.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Binds section <c>Scheduler</c> onto <paramref name="options"/>.</summary>
    public static void Bind(IConfiguration configuration, SchedulerOptions options)
    {
        var section = configuration.GetSection(Section);
        section.Bind(options);

        // The binder appends configured list items to the default ["default"] instead of replacing
        // it, so the queue list is read on its own. "a,b" in one value is accepted too, which is
        // what an environment variable (Scheduler__Queues=a,b) naturally holds.
        // Children win over a scalar: WebApplicationFactory hands its settings to Main as
        // command-line arguments, parent keys included with empty values (--Scheduler:Queues=).
        var queues = section.GetSection(nameof(SchedulerOptions.Queues));
        var items = queues.GetChildren().ToList();
        if (items.Count > 0)
            options.Queues = [.. items.Select(q => q.Value ?? "")];
        else if (!string.IsNullOrWhiteSpace(queues.Value))
            options.Queues = [.. queues.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}
