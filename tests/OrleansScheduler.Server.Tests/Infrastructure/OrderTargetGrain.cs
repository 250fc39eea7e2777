using System.Text.Json;
using OrleansScheduler.Grains;
using OrleansScheduler.Handlers;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// A task target grain as an application writes one, registered as <c>orders</c>. Its payload's <c>mode</c> says what
/// the attempt does: <c>ok</c> returns its key and attempt; <c>flaky</c> throws on attempt 1; <c>refuse</c> throws
/// <see cref="NonRetryableTaskException"/>; <c>busy</c> asks attempt 1's retry to wait <c>ms</c>; <c>hold</c> waits for the ledger's gate or its token; <c>slow</c> waits
/// <c>ms</c> milliseconds (or its token); <c>progress</c> reports 50 % first; <c>text</c> returns what is not JSON.
/// </summary>
public sealed class OrderTargetGrain(TargetLedger ledger) : Grain, ITaskTargetGrain
{
    public const string Name = "orders";

    public async Task<string?> RunTaskAsync(TaskRun run, CancellationToken cancellationToken)
    {
        string key = this.GetPrimaryKeyString();
        ledger.Called(key, run);
        var payload = run.GetPayload<Payload>() ?? new Payload("ok", 0);
        try
        {
            switch (payload.Mode)
            {
                case "flaky" when run.Attempt == 1: throw new InvalidOperationException($"order {key} is not ready on attempt 1");
                case "refuse": throw new NonRetryableTaskException($"order {key} is refused");
                case "busy" when run.Attempt == 1: throw new RetryAfterTaskException($"order {key} is locked", TimeSpan.FromMilliseconds(payload.Ms));
                case "hold": await ledger.Gate.WaitAsync(cancellationToken); break;
                case "slow": await Task.Delay(payload.Ms, cancellationToken); break;
                case "progress": await run.ReportProgressAsync(50, "half the lines packed"); await ledger.Gate.WaitAsync(cancellationToken); break;
                case "text": return "not json";
            }
        }
        catch (OperationCanceledException)
        {
            ledger.Canceled(key, run);
            throw;
        }
        return JsonSerializer.Serialize(new { order = key, attempt = run.Attempt, silo = run.SiloId });
    }

    public sealed record Payload(string Mode, int Ms);
}
