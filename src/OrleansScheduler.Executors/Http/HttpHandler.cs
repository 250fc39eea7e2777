using System.Net;
using Microsoft.Extensions.Options;
using OrleansScheduler.Handlers;
using Polly.Timeout;

namespace OrleansScheduler.Executors.Http;

/// <summary>
/// The HTTP executor (type <c>http</c>): calls an allow-listed url with the payload's method, headers (secrets
/// resolved on the silo) and body, follows redirects itself so every hop's host is checked, and turns the answer
/// into an outcome: an expected status succeeds with the status, content type and body as the result; 408, 429, 5xx
/// and no answer fail the attempt retryably (honouring <c>Retry-After</c> through <see cref="RetryAfterTaskException"/>);
/// any other status fails the task. See <see cref="HttpTaskPipeline"/> for the retries within an attempt.
/// </summary>
public sealed class HttpHandler(IHttpClientFactory clients, IOptions<HttpExecutorOptions> options) : ITaskHandler
{
    /// <summary>The task type this executor runs.</summary>
    public const string Type = "http";

    /// <summary>How much of an unexpected answer's body an error message quotes, in characters.</summary>
    public const int ErrorBodyChars = 200;

    private readonly HttpExecutorOptions _options = options.Value;
    private readonly HostAllowList _hosts = HostAllowList.From(options.Value.AllowedHosts);

    /// <inheritdoc />
    public async Task<object?> HandleAsync(TaskContext context)
    {
        var request = HttpTaskRequest.From(context.GetPayload<HttpTaskPayload>(), _options, context.TaskId);
        var scope = new HttpTryScope(context.Logger, request.Timeout, AttemptBudget.Start(context, TimeProvider.System), request.Scrub);
        var client = clients.CreateClient(HttpExecutorServiceCollectionExtensions.ClientName);
        var (method, url, withBody) = (request.Method, request.Url, request.HasBody);
        for (int redirects = 0; ; redirects++)
        {
            if (!_hosts.Allows(url)) throw Refused(url, redirects == 0 ? null : request.Url);
            bool sameOrigin = Uri.Compare(url, request.Url, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
            using var message = request.Create(method, url, withBody, sensitive: sameOrigin);
            message.Options.Set(HttpTryScope.Key, scope);
            using var response = await SendAsync(client, message, request, context.CancellationToken).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (IsRedirect(status) && response.Headers.Location is { } location && !request.IsNamedExpected(status))
            {
                if (redirects >= _options.MaxRedirects)
                    throw new NonRetryableTaskException($"{method} {HttpTaskRequest.Display(request.Url)} was redirected more than {_options.MaxRedirects} times ({HttpExecutorOptions.SectionName}:MaxRedirects).");
                (method, withBody) = RedirectedMethod(status, method, withBody);
                url = new Uri(url, location);
                continue;
            }
            return await OutcomeAsync(response, method, url, request, context.CancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage message, HttpTaskRequest request, CancellationToken cancellationToken)
    {
        string what = $"{message.Method} {HttpTaskRequest.Display(message.RequestUri!)}";
        try
        {
            return await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new TimeoutException($"{what} did not answer within {(long)request.Timeout!.Value.TotalMilliseconds} ms (timeoutMs).", e);
        }
        catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException($"{what} got no answer: {request.Scrub(e.Message)}", e, e.StatusCode);
        }
    }

    private async Task<object?> OutcomeAsync(HttpResponseMessage response, HttpMethod method, Uri url, HttpTaskRequest request, CancellationToken cancellationToken)
    {
        int status = (int)response.StatusCode;
        if (request.IsExpected(status))
        {
            var body = await HttpResponseBody.ReadAsync(response.Content, _options.MaxResponseBytes, request.Scrub, cancellationToken).ConfigureAwait(false);
            return new HttpTaskResult(status, response.Content.Headers.ContentType?.ToString(), body.Value, body.Truncated);
        }

        var quoted = await HttpResponseBody.ReadAsync(response.Content, Math.Min(_options.MaxResponseBytes, ErrorBodyChars * 4), request.Scrub, cancellationToken).ConfigureAwait(false);
        string snippet = quoted.Text.Length > ErrorBodyChars ? quoted.Text[..ErrorBodyChars] + "…" : quoted.Text;
        string answered = $"{method} {HttpTaskRequest.Display(url)} answered {status}";
        if (RetryAfter.IsTransient(status))
        {
            if (RetryAfter.Of(response, TimeProvider.System) is { } wait)
                throw new RetryAfterTaskException($"{answered}, retry after {wait.TotalSeconds:0.###} s: {snippet}", wait);
            throw new HttpRequestException($"{answered}: {snippet}", null, (HttpStatusCode)status);
        }
        throw new NonRetryableTaskException($"{answered}, which the task does not expect: {snippet}");
    }

    private static bool IsRedirect(int status) => status is 301 or 302 or 303 or 307 or 308;

    /// <summary>307 and 308 repeat the request; 303 becomes a GET without body, and so do 301 and 302 after a POST, as browsers do.</summary>
    private static (HttpMethod, bool) RedirectedMethod(int status, HttpMethod method, bool withBody) =>
        status == 303 && method != HttpMethod.Head || status is 301 or 302 && method == HttpMethod.Post ? (HttpMethod.Get, false) : (method, withBody);

    private static NonRetryableTaskException Refused(Uri url, Uri? redirectedFrom)
    {
        string host = url.Host;
        string how = $"to allow it, add \"{host}\" (any port) or \"{host}:{url.Port}\" to {HttpExecutorOptions.SectionName}:AllowedHosts in the silos' configuration";
        return redirectedFrom is null
            ? new($"Host '{host}' of {HttpTaskRequest.Display(url)} is not allowed for http tasks; {how}.")
            : new($"{HttpTaskRequest.Display(redirectedFrom)} redirected to {HttpTaskRequest.Display(url)}, whose host '{host}' is not allowed for http tasks; {how}.");
    }
}
