namespace OrleansScheduler.Executors.Http;

/// <summary>
/// What the HTTP executor (task type <c>http</c>) may call and how, from configuration section
/// <see cref="SectionName"/>. Nothing may be called until an operator allows hosts.
/// </summary>
public sealed class HttpExecutorOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Scheduler:Http";

    /// <summary>
    /// The hosts a task may call (and be redirected to): <c>api.example.com</c>, <c>*.example.com</c> (subdomains only,
    /// not <c>example.com</c> itself), <c>127.0.0.1</c>, <c>[::1]</c>, each optionally with <c>:port</c> (without one, any
    /// port). Host names compare case-insensitively. Empty by default: every url is refused.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>
    /// Header values a payload refers to as <c>{"secret": "&lt;name&gt;"}</c>, by name (case-insensitive), resolved on
    /// the silo at run time so they are never in the stored payload. Never logged.
    /// </summary>
    public Dictionary<string, string> Secrets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Request headers whose values are never logged or put in a result or error, besides secret headers. Configured
    /// names are added to these defaults: Authorization, Proxy-Authorization, Cookie, X-Api-Key.
    /// </summary>
    public List<string> RedactedHeaders { get; set; } = ["Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key"];

    /// <summary>How many redirects a task's request follows at most; each hop's host is checked against <see cref="AllowedHosts"/>. Default 5; 0 follows none.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>How much of a response body is read into the result, in bytes; the rest is not read. Default 32768.</summary>
    public int MaxResponseBytes { get; set; } = 32768;

    /// <summary>How many times one attempt retries a request that got 408, 429, 5xx or no answer, before the attempt fails and the task's own retry policy takes over. Default 2; 0 retries only across attempts.</summary>
    public int RetriesWithinAttempt { get; set; } = 2;

    /// <summary>
    /// The longest <c>Retry-After</c> an attempt waits out itself; a longer one (or one that does not fit in the
    /// attempt's remaining time) ends the attempt so the scheduler waits instead, without holding a slot. Default 2 s.
    /// </summary>
    public TimeSpan MaxRetryAfterWithinAttempt { get; set; } = TimeSpan.FromSeconds(2);
}
