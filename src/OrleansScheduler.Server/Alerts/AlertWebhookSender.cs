using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScheduler.Alerts;

namespace OrleansScheduler.Server.Alerts;

/// <summary>
/// POSTs each firing to its rule's webhook on the thread pool (never on the alert grain's turn): the same signed body on
/// every delivery, retried on no answer, 408, 429 and 5xx after the waits of <see cref="AlertOptions.RetrySchedule"/>.
/// Redirects are not followed. Logs name the url without its query (which may carry a token), never the secret.
/// Deliveries still waiting when the silo stops are dropped.
/// </summary>
internal sealed partial class AlertWebhookSender(IHttpClientFactory clients, IOptions<AlertOptions> options, ILogger<AlertWebhookSender> logger) : IDisposable
{
    /// <summary>The name of the webhooks' client in <see cref="IHttpClientFactory"/>.</summary>
    public const string ClientName = "OrleansScheduler.Alerts";

    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Starts delivering <paramref name="firing"/> to <paramref name="rule"/>'s webhook and returns at once.</summary>
    public void Send(AlertFiring firing, AlertRule rule)
    {
        byte[] body = AlertWebhookBody.Serialize(firing);
        string? secret = rule.Secret is null ? null : options.Value.Secrets.GetValueOrDefault(rule.Secret);
        _ = Task.Run(() => DeliverAsync(firing, new Uri(rule.WebhookUrl), body, secret, _stopping.Token), CancellationToken.None);
    }

    private async Task DeliverAsync(AlertFiring firing, Uri url, byte[] body, string? secret, CancellationToken stopping)
    {
        var settings = options.Value;
        string where = url.GetLeftPart(UriPartial.Path);
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                int? status = await PostAsync(firing, url, body, secret, settings.RequestTimeout, stopping);
                if (status is >= 200 and < 300)
                {
                    LogDelivered(logger, firing.Rule, firing.Subject, where, attempt);
                    return;
                }
                if (!WebhookRetrySchedule.IsRetryable(status) || settings.RetrySchedule.DelayAfter(attempt) is not { } wait)
                {
                    LogGaveUp(logger, firing.Rule, firing.Subject, where, attempt, status);
                    return;
                }
                LogRetrying(logger, firing.Rule, where, status, attempt, wait.TotalMilliseconds);
                await Task.Delay(wait, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>One delivery: the answer's status, or null when there was none (refused, timed out).</summary>
    private async Task<int?> PostAsync(AlertFiring firing, Uri url, byte[] body, string? secret, TimeSpan timeout, CancellationToken stopping)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.TimestampHeader, firing.FiredAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.IdHeader, firing.Id);
        if (secret is not null) request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secret, body));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !stopping.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    [LoggerMessage(185, LogLevel.Information, "Alert {Rule} for {Subject} delivered to {Url} at attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, string rule, string subject, string url, int attempt);

    [LoggerMessage(186, LogLevel.Warning, "Alert {Rule} to {Url} answered {Status} at attempt {Attempt}; retrying in {DelayMs} ms")]
    private static partial void LogRetrying(ILogger logger, string rule, string url, int? status, int attempt, double delayMs);

    [LoggerMessage(187, LogLevel.Error, "Alert {Rule} for {Subject} was not delivered to {Url}: attempt {Attempt} answered {Status}, and no more are made")]
    private static partial void LogGaveUp(ILogger logger, string rule, string subject, string url, int attempt, int? status);
}
