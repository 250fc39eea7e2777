using System.Globalization;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Alerts;

/// <summary>
/// Decides which rules hold over a snapshot, without I/O. It remembers since when each queue condition has held,
/// so a rule with <see cref="AlertRule.ForMs"/> fires only once the condition held that long without a break; one
/// instance serves one alert grain activation.
/// </summary>
public sealed class AlertEvaluator
{
    private readonly Dictionary<string, DateTimeOffset> _holdingSince = new(StringComparer.Ordinal);

    /// <summary>The candidates of <paramref name="rules"/> over <paramref name="snapshot"/>.</summary>
    public IReadOnlyList<AlertCandidate> Evaluate(IEnumerable<AlertRule> rules, AlertSnapshot snapshot)
    {
        var candidates = new List<AlertCandidate>();
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            switch (rule.Kind)
            {
                case AlertKind.TaskFailed:
                    candidates.AddRange(snapshot.Failures.Where(f => Watches(rule, f.Queue)).Select(f => new AlertCandidate(rule, f.TaskId, f.Queue,
                        $"Task {f.TaskId} in queue {f.Queue} failed after {f.Attempt} attempt(s): {f.Error ?? "no error given"}")));
                    break;
                case AlertKind.OldestPending:
                    foreach (var q in snapshot.Queues.Where(q => Watches(rule, q.Queue)))
                        if (q.OldestPendingAge is { } age && age.TotalMilliseconds > rule.OlderThanMs)
                            Hold(rule, q.Queue, held, snapshot.Now, candidates,
                                $"The oldest pending task of queue {q.Queue} has waited {age.TotalSeconds:0.#} s, over {rule.OlderThanMs} ms");
                    break;
                case AlertKind.QueueDepth:
                    foreach (var q in snapshot.Queues.Where(q => Watches(rule, q.Queue)))
                        if (q.Counts.GetValueOrDefault(TaskState.Pending) is var depth && depth > rule.Depth)
                            Hold(rule, q.Queue, held, snapshot.Now, candidates, $"Queue {q.Queue} holds {depth} pending tasks, over {rule.Depth}");
                    break;
                case AlertKind.SiloDead:
                    candidates.AddRange(snapshot.DeadSilos.Select(s => new AlertCandidate(rule, s, null, $"Silo {s} was declared Dead")));
                    break;
                case AlertKind.CronMissed:
                    long grace = rule.GraceMs ?? AlertLimits.DefaultGraceMs;
                    foreach (var s in snapshot.Schedules.Where(s => rule.Schedule is null || rule.Schedule == s.Name))
                        if (s.Definition.Enabled && s.NextFireAt is { } due && (snapshot.Now - due).TotalMilliseconds > grace)
                            candidates.Add(new AlertCandidate(rule, s.Name + "@" + due.ToString("O", CultureInfo.InvariantCulture), s.Definition.Task.Queue,
                                $"Schedule {s.Name} missed its tick of {due:O}: {(snapshot.Now - due).TotalSeconds:0} s late"));
                    break;
            }
        }
        foreach (string key in _holdingSince.Keys.Where(k => !held.Contains(k)).ToList()) _holdingSince.Remove(key);
        return candidates;
    }

    private void Hold(AlertRule rule, string queue, HashSet<string> held, DateTimeOffset now, List<AlertCandidate> candidates, string message)
    {
        string key = rule.Name + "/" + queue;
        held.Add(key);
        if (!_holdingSince.TryGetValue(key, out var since)) _holdingSince[key] = since = now;
        var holding = now - since;
        if (holding.TotalMilliseconds >= (rule.ForMs ?? 0))
            candidates.Add(new AlertCandidate(rule, queue, queue, rule.ForMs > 0 ? $"{message}, for {holding.TotalSeconds:0.#} s" : message));
    }

    private static bool Watches(AlertRule rule, string queue) => rule.Queue is null || rule.Queue == queue;
}
