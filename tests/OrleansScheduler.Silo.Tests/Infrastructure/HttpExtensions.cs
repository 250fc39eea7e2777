using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OrleansScheduler.Storage;
using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>Raw HTTP helpers: the gateway tests speak JSON text so they can send what a typed client never would.</summary>
public static class HttpExtensions
{
    /// <summary>POSTs <paramref name="json"/> as application/json.</summary>
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, string json) =>
        http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Sends <paramref name="body"/> with exactly <paramref name="contentType"/> (none when null).</summary>
    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient http, HttpMethod method, string path, string? contentType, string? body)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }
        return http.SendAsync(request);
    }

    /// <summary>The response body as JSON.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"Expected JSON from {(int)response.StatusCode}, got: {text}\n{e.Message}");
        }
    }

    /// <summary>
    /// Asserts the response is a ProblemDetails of <paramref name="status"/> with a title, and returns
    /// it with its detail ("" when absent), for the caller's checks of which field it names.
    /// </summary>
    public static async Task<(JsonElement Problem, string Detail)> ProblemAsync(this HttpResponseMessage response, int status, string because)
    {
        Assert.True((int)response.StatusCode == status, $"{because}: expected {status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), $"{because}: the problem has no title");
        return (problem, problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "");
    }

    /// <summary>Submits one task (JSON text) and returns its id, failing the test unless the answer is 201.</summary>
    public static async Task<string> SubmitAsync(this HttpClient http, string json)
    {
        var response = await http.PostJsonAsync("/api/tasks", json);
        var body = await response.JsonAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
            throw new Xunit.Sdk.XunitException($"Expected 201 for {json}, got {(int)response.StatusCode}: {body}");
        return body.Str("id");
    }

    /// <summary>Submits a batch (a JSON array of task objects) and returns the ids, failing the test unless the answer is 201.</summary>
    public static async Task<List<string>> SubmitBatchAsync(this HttpClient http, IEnumerable<string> tasks)
    {
        var response = await http.PostJsonAsync("/api/tasks/batch", """{"tasks":[""" + string.Join(",", tasks) + "]}");
        var body = await response.JsonAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
            throw new Xunit.Sdk.XunitException($"Expected 201 for a batch, got {(int)response.StatusCode}: {body}");
        return [.. body.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>The task as <c>GET /api/tasks/{id}</c> answers it.</summary>
    public static async Task<JsonElement> GetTaskAsync(this HttpClient http, string id) =>
        await (await http.GetAsync("/api/tasks/" + id)).JsonAsync();

    /// <summary>Polls <c>GET /api/tasks/{id}</c> until the task is in <paramref name="status"/>.</summary>
    public static Task<JsonElement> WaitForStatusAsync(this HttpClient http, string id, string status, TimeSpan? timeout = null) =>
        Eventually.Until(() => http.GetTaskAsync(id), task => task.TryGetProperty("status", out var s) && s.GetString() == status, $"task {id} to be {status}", timeout);

    /// <summary>Every task in the store, paging through it all.</summary>
    public static async Task<List<Tasks.TaskRecord>> AllTasksAsync(this ITaskStore store, string? queue = null)
    {
        var all = new List<Tasks.TaskRecord>();
        string? cursor = null;
        do
        {
            var page = await store.ListAsync(new TaskQuery { Queue = queue, Limit = TaskQuery.MaxLimit, Cursor = cursor });
            all.AddRange(page.Tasks);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }
}
