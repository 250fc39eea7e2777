using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Client;

/// <summary>
/// What every call of the client shares: the gateway's paths, reading an answer as JSON, and
/// turning a refusal into a <see cref="SchedulerApiException"/> carrying its ProblemDetails.
/// </summary>
internal static class GatewayHttp
{
    public static string TaskPath(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return "api/tasks/" + Uri.EscapeDataString(id);
    }

    public static string QueuePath(string queue)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        return "api/queues/" + Uri.EscapeDataString(queue);
    }

    public static string SiloPath(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return "api/silos/" + Uri.EscapeDataString(id);
    }

    public static string SchedulePath(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return "api/schedules/" + Uri.EscapeDataString(name);
    }

    /// <summary>The answer's body as <typeparamref name="T"/>; a refusal is thrown.</summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode) throw await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
        var value = await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken).ConfigureAwait(false);
        return value ?? throw new JsonException($"The gateway answered {(int)response.StatusCode} with an empty body where a {typeof(T).Name} was expected.");
    }

    /// <summary>GETs <paramref name="path"/> as <typeparamref name="T"/>, or null when the gateway answers 404.</summary>
    public static async Task<T?> GetOrNullAsync<T>(HttpClient http, string path, CancellationToken cancellationToken) where T : class
    {
        using var response = await http.GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Throws the refusal, if the answer is one; the body of a success is not read.</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode) throw await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The exception for a refusal, with the ProblemDetails' title, detail and field errors when the body holds them.</summary>
    public static async Task<SchedulerApiException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? title = null, detail = null;
        Dictionary<string, string[]>? errors = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                title = StringProperty(root, "title");
                detail = StringProperty(root, "detail");
                if (root.TryGetProperty("errors", out var map) && map.ValueKind == JsonValueKind.Object)
                {
                    errors = [];
                    foreach (var field in map.EnumerateObject())
                    {
                        errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                            ? [.. field.Value.EnumerateArray().Select(m => m.ToString())]
                            : [field.Value.ToString()];
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not a ProblemDetails (a proxy's error page, say): keep the start of the text as the detail.
            detail = body.Length > 500 ? body[..500] : body;
        }
        return new SchedulerApiException(response.StatusCode, title ?? response.ReasonPhrase, string.IsNullOrEmpty(detail) ? null : detail, errors);
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
