using System.Net;
using System.Text;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// An HttpMessageHandler standing in for a gateway: it records each request (method, path and
/// query, body, headers) and answers with the status and body the test queued, in order.
/// </summary>
public sealed class FakeGateway : HttpMessageHandler
{
    private readonly Queue<(HttpStatusCode Status, string? Body, string ContentType)> _answers = new();

    /// <summary>The requests received, oldest first.</summary>
    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>An HttpClient sending to this fake at <c>http://gateway.test/</c>.</summary>
    public HttpClient CreateClient() => new(this) { BaseAddress = new Uri("http://gateway.test/") };

    /// <summary>Queues the next answer.</summary>
    public FakeGateway Answer(HttpStatusCode status, string? body = null, string contentType = "application/json")
    {
        _answers.Enqueue((status, body, contentType));
        return this;
    }

    /// <summary>Queues a ProblemDetails answer.</summary>
    public FakeGateway Problem(HttpStatusCode status, string title, string detail) =>
        Answer(status, $$"""{"status":{{(int)status}},"title":"{{title}}","detail":"{{detail}}"}""", "application/problem+json");

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!.PathAndQuery, body, request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value))));
        if (!_answers.TryDequeue(out var answer)) throw new InvalidOperationException($"No answer queued for {request.Method} {request.RequestUri}");
        var response = new HttpResponseMessage(answer.Status);
        if (answer.Body is not null) response.Content = new StringContent(answer.Body, Encoding.UTF8, answer.ContentType);
        return response;
    }
}

/// <summary>A request <see cref="FakeGateway"/> received.</summary>
public sealed record RecordedRequest(HttpMethod Method, string PathAndQuery, string? Body, IReadOnlyDictionary<string, string> Headers);
