using System.Net;
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

    /// <summary>
    /// How much longer than <see cref="SchedulerOptions.DrainTimeout"/> a graceful stop may take
    /// (the host's ShutdownTimeout): time to hand unfinished attempts back and leave the table.
    /// </summary>
    public static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Binds section <c>Scheduler</c> onto <paramref name="options"/>. An unset
    /// <see cref="SchedulerOptions.Address"/> becomes the first listen URL (see <see cref="ListenAddress"/>).
    /// </summary>
    public static void Bind(IConfiguration configuration, SchedulerOptions options)
    {
        var section = configuration.GetSection(Section);
        section.Bind(options);

        // The binder appends configured list items to the default ["default"] instead of replacing
        // it, so the queue list is read on its own. "a,b:3" in one value is accepted too, which is
        // what an environment variable (Scheduler__Queues=a,b:3) naturally holds; an explicit
        // Scheduler:QueueWeights:<queue> wins over a weight written in the list.
        // Children win over a scalar: WebApplicationFactory hands its settings to Main as
        // command-line arguments, parent keys included with empty values (--Scheduler:Queues=).
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

        if (string.IsNullOrWhiteSpace(options.Address)) options.Address = ListenAddress(configuration);
    }

    /// <summary>
    /// Where the gateway can be reached, for the membership table: the first of <c>urls</c>
    /// (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), else of <c>http_ports</c> / <c>https_ports</c>. A
    /// wildcard host (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>) becomes this machine's host
    /// name. Null when the port is 0 (chosen by the OS only once the server is listening) or the
    /// address is not a TCP one.
    /// </summary>
    public static string? ListenAddress(IConfiguration configuration)
    {
        string? url = First(configuration["urls"]);
        if (url is null && First(configuration["http_ports"]) is { } httpPort) url = "http://*:" + httpPort;
        if (url is null && First(configuration["https_ports"]) is { } httpsPort) url = "https://*:" + httpsPort;
        if (url is null) return null;

        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return null; // Kestrel refuses it at start, with its own message
        }
        if (address.IsUnixPipe || address.Port == 0) return null;
        string host = address.Host is "*" or "+" or "0.0.0.0" or "[::]" or "::" ? Dns.GetHostName() : address.Host;
        return $"{address.Scheme}://{host}:{address.Port}{address.PathBase}";
    }

    private static string? First(string? list) =>
        list?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
