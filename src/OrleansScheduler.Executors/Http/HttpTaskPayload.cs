using System.Text.Json;

namespace OrleansScheduler.Executors.Http;

/// <summary>
/// The payload of an <c>http</c> task:
/// <c>{"method": "POST", "url": "https://api.example.com/hook", "headers": {"X-A": "1", "Authorization": {"secret": "billing-token"}},
/// "body": …, "timeoutMs": 5000, "expectStatus": [200, 202]}</c>.
/// </summary>
public sealed record HttpTaskPayload
{
    /// <summary>The request method, any HTTP token; default GET.</summary>
    public string? Method { get; init; }

    /// <summary>The absolute http or https url; its host must be allowed (<see cref="HttpExecutorOptions.AllowedHosts"/>).</summary>
    public string? Url { get; init; }

    /// <summary>Request headers: each a string, or <c>{"secret": "&lt;name&gt;"}</c> resolved on the silo from <see cref="HttpExecutorOptions.Secrets"/>.</summary>
    public Dictionary<string, JsonElement>? Headers { get; init; }

    /// <summary>The body: a JSON string is sent as text/plain UTF-8, any other JSON value as application/json; a <c>Content-Type</c> header wins.</summary>
    public JsonElement? Body { get; init; }

    /// <summary>How long one request may take, in milliseconds; default and cap: the attempt's remaining time.</summary>
    public int? TimeoutMs { get; init; }

    /// <summary>The status, or statuses, that mean success: a number or an array of numbers; default any 2xx.</summary>
    public JsonElement? ExpectStatus { get; init; }
}
