using System.Diagnostics;
using System.Net;
using OrleansScheduler.Api;
using OrleansScheduler.Client;

namespace OrleansScheduler.Crash.Tests;

/// <summary>
/// A client that keeps submitting short <c>sleep</c> tasks through one gateway, one at a time on each of a few
/// loops, while a test breaks Redis under it. Each submission carries its own idempotency key and is sent again,
/// with the same key, until it is answered 2xx, so a retry after a 503 or a dropped connection is never doubled;
/// only a 2xx answer counts as <see cref="Acknowledged"/>, with the time it came.
/// </summary>
internal sealed class SubmissionLoad(Uri gateway, string keyPrefix, int loops = 2) : IAsyncDisposable
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(100);
    private readonly HttpClient _http = new() { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(5) };
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Acknowledgement> _acknowledged = [];
    private readonly Dictionary<string, int> _refusals = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Task[] _loops = [];
    private int _next;

    /// <summary>One submission the gateway answered 2xx: its idempotency key, the task's id, and when the answer came.</summary>
    public sealed record Acknowledgement(string Key, string Id, TimeSpan At);

    /// <summary>Time since the load was created, the clock <see cref="Acknowledgement.At"/> is read on.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>The submissions answered 2xx so far.</summary>
    public IReadOnlyList<Acknowledgement> Acknowledged
    {
        get { lock (_acknowledged) return [.. _acknowledged]; }
    }

    /// <summary>The answers that were not 2xx, by status code (or exception type), each followed by a retry.</summary>
    public IReadOnlyDictionary<string, int> Refusals
    {
        get { lock (_refusals) return new Dictionary<string, int>(_refusals); }
    }

    /// <summary>Starts the loops.</summary>
    public void Start() => _loops = [.. Enumerable.Range(0, loops).Select(_ => Task.Run(RunAsync))];

    /// <summary>Stops submitting and waits for each loop's last submission to be answered (or given up, when the gateway never answers).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    private async Task RunAsync()
    {
        var client = new SchedulerClient(_http);
        while (!_stop.IsCancellationRequested)
        {
            string key = $"{keyPrefix}-{Interlocked.Increment(ref _next)}";
            var request = SubmitTaskRequest.Create("sleep", new { ms = Random.Shared.Next(10, 60) }) with { IdempotencyKey = key };
            // A submission already sent is sent again until answered, even after StopAsync: the test must know
            // whether it was acknowledged. A gateway that never answers ends it after a minute.
            var giveUp = Now + TimeSpan.FromMinutes(1);
            while (Now < giveUp)
            {
                try
                {
                    var submitted = await client.SubmitAsync(request);
                    lock (_acknowledged) _acknowledged.Add(new Acknowledgement(key, submitted.Id, Now));
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or SchedulerApiException)
                {
                    string refusal = e is SchedulerApiException api ? ((int)api.StatusCode).ToString() : e.GetType().Name;
                    lock (_refusals) _refusals[refusal] = _refusals.GetValueOrDefault(refusal) + 1;
                    // Anything but 503/504 (a 500 above all) fails the test: a Redis outage must reach clients as "retry".
                    if (e is SchedulerApiException { StatusCode: not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout) })
                        throw;
                    await Task.Delay(RetryEvery); // the pause between retries of one submission, not a wait for something
                }
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _http.Dispose();
        _stop.Dispose();
    }
}
