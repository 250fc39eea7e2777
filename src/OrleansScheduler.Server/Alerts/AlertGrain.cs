using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScheduler.Alerts;
using OrleansScheduler.Grains;
using OrleansScheduler.Hosting;

namespace OrleansScheduler.Server.Alerts;

/// <summary>
/// <see cref="IAlertGrain"/>: a timer that keeps the grain active evaluates the rules every
/// <see cref="AlertOptions.EvaluationInterval"/> over what <see cref="AlertSnapshotReader"/> reads, lets
/// <see cref="AlertDeduplicator"/> pass one firing per rule and subject within the window, writes its state, then hands
/// each firing to <see cref="AlertWebhookSender"/>. The state is written before sending, so a new activation (after
/// its silo died) does not send again what was sent; what a crash between the two loses is one webhook.
/// </summary>
internal sealed partial class AlertGrain(
    [PersistentState("alerts", SchedulerGrainStorage.Name)] IPersistentState<AlertState> persistent,
    AlertSnapshotReader reader, AlertWebhookSender sender, LocalSilo local, IOptions<AlertOptions> options,
    [FromKeyedServices(SchedulerClock.Key)] TimeProvider clock, ILogger<AlertGrain> logger) : Grain, IAlertGrain
{
    private readonly AlertEvaluator _evaluator = new();
    private AlertSnapshotReader.Cursors? _cursors;

    private AlertState State => persistent.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Failures from within the dedup window before this activation are read again: the persisted window drops the ones sent.
        _cursors = reader.StartAt(clock.GetUtcNow() - options.Value.DedupWindow);
        if (!State.Baselined)
        {
            // Silos dead before alerting ever ran are history, not news.
            State.DeadSilos.UnionWith(reader.DeadSilos());
            State.Baselined = true;
            await persistent.WriteStateAsync(cancellationToken);
        }
        var every = options.Value.EvaluationInterval;
        this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(every, every) { KeepAlive = true });
        LogActivated(logger, local.Id);
    }

    public Task PokeAsync() => Task.CompletedTask;

    public Task<string> GetHostAsync() => Task.FromResult(local.Id);

    public Task<AlertRuleList> ListRulesAsync() => Task.FromResult(new AlertRuleList([.. Rules().OrderBy(r => r.Name, StringComparer.Ordinal)]));

    public Task<AlertRule?> GetRuleAsync(string name) => Task.FromResult(Rules().FirstOrDefault(r => r.Name == name));

    public async Task<bool> PutRuleAsync(AlertRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (AlertRuleValidator.Validate(rule).FirstOrDefault() is { } error) throw new ArgumentException(error.Message, error.Field);
        if (Configured(rule.Name)) throw new InvalidOperationException($"Rule '{rule.Name}' comes from configuration ({AlertOptions.SectionName}:Rules); change it there.");
        if (rule.Secret is not null && !options.Value.Secrets.ContainsKey(rule.Secret))
            throw new ArgumentException($"secret '{rule.Secret}' is not configured on the silos: set {AlertOptions.SectionName}:Secrets:{rule.Secret}.", "secret");
        bool added = !State.Rules.ContainsKey(rule.Name);
        if (added && State.Rules.Count >= AlertLimits.MaxApiRules)
            throw new InvalidOperationException($"The API keeps at most {AlertLimits.MaxApiRules} rules; delete one first.");
        State.Rules[rule.Name] = rule with { Source = AlertLimits.FromApi };
        await persistent.WriteStateAsync();
        return added;
    }

    public async Task<bool> DeleteRuleAsync(string name)
    {
        if (Configured(name)) throw new InvalidOperationException($"Rule '{name}' comes from configuration ({AlertOptions.SectionName}:Rules); remove it there.");
        if (!State.Rules.Remove(name)) return false;
        await persistent.WriteStateAsync();
        return true;
    }

    public Task<AlertFiringList> ListFiringsAsync() => Task.FromResult(new AlertFiringList([.. State.Firings]));

    private bool Configured(string name) => options.Value.Rules.Any(r => r.Name == name);

    private IEnumerable<AlertRule> Rules() =>
        options.Value.Rules.Select(r => r with { Source = AlertLimits.FromConfiguration }).Concat(State.Rules.Values);

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            var rules = Rules().ToList();
            var (snapshot, newlyDead) = await reader.ReadAsync(rules, _cursors!, State.DeadSilos, clock.GetUtcNow(), cancellationToken);
            State.DeadSilos.UnionWith(newlyDead);
            var dedup = new AlertDeduplicator(options.Value.DedupWindow, State.LastFired);
            var fired = new List<(AlertFiring Firing, AlertRule Rule)>();
            foreach (var candidate in _evaluator.Evaluate(rules, snapshot))
            {
                if (!dedup.TryFire(candidate.Rule.Name, candidate.Subject, snapshot.Now)) continue;
                var firing = new AlertFiring
                {
                    Id = Guid.NewGuid().ToString("N"), Rule = candidate.Rule.Name, Kind = candidate.Rule.Kind, Subject = candidate.Subject,
                    Queue = candidate.Queue, Message = candidate.Message, FiredAt = snapshot.Now,
                };
                fired.Add((firing, candidate.Rule));
                State.Firings.Insert(0, firing);
                LogFired(logger, firing.Rule, firing.Subject);
            }
            if (fired.Count == 0 && newlyDead.Count == 0) return;
            dedup.Prune(snapshot.Now);
            if (State.Firings.Count > AlertLimits.KeptFirings) State.Firings.RemoveRange(AlertLimits.KeptFirings, State.Firings.Count - AlertLimits.KeptFirings);
            await persistent.WriteStateAsync(cancellationToken);
            foreach (var (firing, rule) in fired) sender.Send(firing, rule);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogTickFailed(logger, e, local.Id);
        }
    }

    [LoggerMessage(180, LogLevel.Information, "The alert grain is active on silo {SiloId}")]
    private static partial void LogActivated(ILogger logger, string siloId);

    [LoggerMessage(181, LogLevel.Warning, "Alert rule {Rule} fired for {Subject}")]
    private static partial void LogFired(ILogger logger, string rule, string subject);

    [LoggerMessage(182, LogLevel.Error, "The alert grain's evaluation on silo {SiloId} failed; it evaluates again at the next interval")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, string siloId);
}
