using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace OrleansScheduler.Http;

/// <summary>
/// The rate limit on submissions (<see cref="SubmissionRateLimitOptions"/>), on ASP.NET Core's rate limiter: one fixed
/// window per caller, and a refusal that is a 429 ProblemDetails naming the limit, with a <c>Retry-After</c> header.
/// The limiter runs after the API key check, so a caller without a valid key is refused before it spends a permit.
/// </summary>
internal static partial class SubmissionRateLimit
{
    /// <summary>The policy name the submission endpoints require.</summary>
    public const string Policy = "submissions";

    /// <summary>Adds the options and the limiter with its policy (a no-limit partition while the limit is off).</summary>
    public static IServiceCollection AddSubmissionRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SubmissionRateLimitOptions>().Bind(configuration.GetSection(SubmissionRateLimitOptions.Section))
                .Validate(o => o.Problem() is null, $"{SubmissionRateLimitOptions.Section}: PermitsPerWindow must not be negative and Window must be positive.")
                .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Policy, Partition);
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<SubmissionRateLimitOptions>>().Value;
        if (!options.IsEnabled) return RateLimitPartition.GetNoLimiter("off");
        return RateLimitPartition.GetFixedWindowLimiter(Caller(context), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.PermitsPerWindow,
            Window = options.Window,
            // Refuse at once: a submission held in a queue here would only time out in the caller instead.
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>Who spends the permits: the API key, by its configuration path (never the key itself), else the client address (behind a proxy, forwarded headers must be on).</summary>
    private static string Caller(HttpContext context) =>
        context.Items.TryGetValue(ApiKeyRoles.KeyNameItemKey, out object? name) && name is string key
            ? $"the key {key}"
            : $"the address {context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var options = context.RequestServices.GetRequiredService<IOptions<SubmissionRateLimitOptions>>().Value;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Window;
        int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        string caller = Caller(context);
        LogRejected(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SubmissionRateLimit)),
            context.Request.Method, context.Request.Path, caller, options.PermitsPerWindow, options.Window);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many submissions.",
            detail: $"The limit is {options.PermitsPerWindow} submissions per {Describe(options.Window)} from {caller} ({SubmissionRateLimitOptions.Section}); retry after {seconds} s.",
            extensions: new Dictionary<string, object?>
            {
                ["permitsPerWindow"] = options.PermitsPerWindow,
                ["windowSeconds"] = options.Window.TotalSeconds,
                ["retryAfterSeconds"] = seconds,
            }).ExecuteAsync(context);
    }

    private static string Describe(TimeSpan window) =>
        window == TimeSpan.FromSeconds(1) ? "second" : $"{window.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Refused {Method} {Path} from {Caller}: over {Permits} submissions per {Window}")]
    private static partial void LogRejected(ILogger logger, string method, string path, string caller, int permits, TimeSpan window);
}
