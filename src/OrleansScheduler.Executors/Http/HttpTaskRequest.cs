using System.Text;
using System.Text.Json;
using OrleansScheduler.Handlers;

namespace OrleansScheduler.Executors.Http;

/// <summary>
/// An <c>http</c> task's payload checked and resolved on the silo (secrets looked up), ready to be sent to a url
/// and again to each redirect's. Every problem with the payload fails the task at once: retrying would not help.
/// </summary>
internal sealed class HttpTaskRequest
{
    /// <summary>Secret and redacted values shorter than this are not scrubbed from bodies (it would mangle them), only kept out of logs.</summary>
    private const int ShortestScrubbed = 4;

    private readonly List<(string Name, string Value, bool Sensitive)> _headers;
    private readonly string? _body;
    private readonly string _bodyMediaType;
    private readonly HashSet<int>? _expected;

    private HttpTaskRequest(HttpMethod method, Uri url, List<(string, string, bool)> headers, string? body, string bodyMediaType, TimeSpan? timeout, HashSet<int>? expected)
    {
        Method = method;
        Url = url;
        _headers = headers;
        _body = body;
        _bodyMediaType = bodyMediaType;
        Timeout = timeout;
        _expected = expected;
    }

    /// <summary>The method of the first request.</summary>
    public HttpMethod Method { get; }

    /// <summary>The url of the first request.</summary>
    public Uri Url { get; }

    /// <summary>The payload's per-request timeout; null for none (the attempt's own).</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>Whether a body is sent.</summary>
    public bool HasBody => _body is not null;

    /// <summary>True when <paramref name="status"/> is what the task expects.</summary>
    public bool IsExpected(int status) => _expected?.Contains(status) ?? status is >= 200 and < 300;

    /// <summary>True when <paramref name="status"/> is named in <c>expectStatus</c> (a redirect named there is returned, not followed).</summary>
    public bool IsNamedExpected(int status) => _expected?.Contains(status) ?? false;

    /// <summary>Replaces every secret or redacted header value in <paramref name="text"/> with <c>***</c>.</summary>
    public string Scrub(string text)
    {
        foreach (var (_, value, sensitive) in _headers)
            if (sensitive && value.Length >= ShortestScrubbed) text = text.Replace(value, "***", StringComparison.Ordinal);
        return text;
    }

    /// <summary>
    /// The request for one hop. <paramref name="sensitive"/> false drops secret and redacted headers (a redirect
    /// to another origin must not carry them, as browsers and HttpClient's own redirects do for Authorization);
    /// <paramref name="withBody"/> false (a 303, or a POST turned GET by a 301 or 302) drops the body and its headers.
    /// </summary>
    public HttpRequestMessage Create(HttpMethod method, Uri url, bool withBody, bool sensitive)
    {
        var message = new HttpRequestMessage(method, url);
        if (withBody && _body is not null) message.Content = new StringContent(_body, Encoding.UTF8, _bodyMediaType);
        foreach (var (name, value, isSensitive) in _headers)
        {
            if (isSensitive && !sensitive) continue;
            if (message.Headers.TryAddWithoutValidation(name, value) || !withBody) continue;
            // A content header (Content-Type, Content-Language): on the body, or on an empty one when there is none.
            message.Content ??= new ByteArrayContent([]);
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) message.Content.Headers.ContentType = null;
            message.Content.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    /// <summary>Checks and resolves <paramref name="payload"/>.</summary>
    /// <exception cref="NonRetryableTaskException">The payload is not a valid request, or names a secret the silo does not have.</exception>
    public static HttpTaskRequest From(HttpTaskPayload? payload, HttpExecutorOptions options, string taskId)
    {
        if (payload is null) throw Bad(taskId, "the payload is empty; give at least {\"url\": \"https://…\"}.");
        var method = ParseMethod(payload.Method, taskId);
        var url = ParseUrl(payload.Url, taskId);
        var redacted = new HashSet<string>(options.RedactedHeaders.Select(h => h.Trim()), StringComparer.OrdinalIgnoreCase);
        var headers = new List<(string, string, bool)>();
        foreach (var (name, value) in payload.Headers ?? [])
            headers.Add(ResolveHeader(name, value, redacted, options, taskId));
        var (body, mediaType) = payload.Body is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } b
            ? b.ValueKind == JsonValueKind.String ? (b.GetString(), "text/plain") : (b.GetRawText(), "application/json")
            : ((string?)null, "text/plain");
        if (payload.TimeoutMs is <= 0) throw Bad(taskId, $"timeoutMs is {payload.TimeoutMs}; it must be positive (or left out for the attempt's own timeout).");
        TimeSpan? timeout = payload.TimeoutMs is int ms ? TimeSpan.FromMilliseconds(ms) : null;
        return new HttpTaskRequest(method, url, headers, body, mediaType, timeout, ParseExpected(payload.ExpectStatus, taskId));
    }

    private static HttpMethod ParseMethod(string? method, string taskId)
    {
        if (string.IsNullOrEmpty(method)) return HttpMethod.Get;
        try
        {
            return HttpMethod.Parse(method);
        }
        catch (FormatException)
        {
            throw Bad(taskId, $"method '{method}' is not an HTTP method token.");
        }
    }

    private static Uri ParseUrl(string? text, string taskId)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw Bad(taskId, $"url '{text}' is not an absolute http or https url.");
        // Credentials belong in a secret header, where they are kept out of the stored payload and the logs.
        if (url.UserInfo.Length > 0) throw Bad(taskId, "the url holds credentials (user:password@); send them in a header from a secret instead.");
        return url;
    }

    private static (string, string, bool) ResolveHeader(string name, JsonElement value, HashSet<string> redacted, HttpExecutorOptions options, string taskId)
    {
        if (name.Length == 0 || !name.All(IsTokenChar)) throw Bad(taskId, $"header name '{name}' is not an HTTP token.");
        if (value.ValueKind == JsonValueKind.String) return (name, Sendable(name, value.GetString()!, taskId), redacted.Contains(name));
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("secret", out var secret) && secret.ValueKind == JsonValueKind.String)
        {
            string secretName = secret.GetString()!;
            if (!options.Secrets.TryGetValue(secretName, out var resolved) || string.IsNullOrEmpty(resolved))
                throw Bad(taskId, $"header '{name}' names secret '{secretName}', which this silo does not have: set {HttpExecutorOptions.SectionName}:Secrets:{secretName} in the silos' configuration.");
            return (name, Sendable(name, resolved, taskId), true);
        }
        throw Bad(taskId, $"header '{name}' must be a string or {{\"secret\": \"<name>\"}}.");
    }

    /// <summary>A value the client can send as it is: printable ASCII and tabs (the message never quotes it: it may be a secret).</summary>
    private static string Sendable(string name, string value, string taskId) =>
        value.All(c => c == '\t' || c is >= ' ' and <= '~') ? value : throw Bad(taskId, $"header '{name}' holds a line break, a control character or a character that is not ASCII.");

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);

    private static HashSet<int>? ParseExpected(JsonElement? expect, string taskId)
    {
        if (expect is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } value) return null;
        var items = value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : new[] { value };
        var statuses = new HashSet<int>();
        foreach (var item in items)
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out int status) || status is < 100 or > 599)
                throw Bad(taskId, $"expectStatus must be a status code (100–599) or an array of them, not {item.GetRawText()}.");
            statuses.Add(status);
        }
        if (statuses.Count == 0) throw Bad(taskId, "expectStatus is an empty array; leave it out to expect any 2xx.");
        return statuses;
    }

    private static NonRetryableTaskException Bad(string taskId, string why) => new($"The payload of http task '{taskId}' is not valid: {why}");

    /// <summary>How a url is shown in logs and errors: scheme, host, port and path, never the query (it may hold tokens).</summary>
    public static string Display(Uri url) =>
        url.GetComponents(UriComponents.Scheme | UriComponents.Host | UriComponents.Port | UriComponents.Path, UriFormat.UriEscaped);
}
