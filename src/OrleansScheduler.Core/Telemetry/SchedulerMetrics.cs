using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansScheduler.Tasks;
using OrleansScheduler.Workers;

namespace OrleansScheduler.Telemetry;

/// <summary>
/// The scheduler's instruments on one silo, on the <see cref="MeterName"/> meter made through the host's
/// <see cref="IMeterFactory"/> (docs/telemetry.md lists every one). Counters and histograms carry the task's
/// <c>queue</c> and <c>type</c> and this silo's address as <c>silo</c>; the per-silo gauges carry <c>silo</c>;
/// the cluster-wide queue gauges come from <see cref="QueueGauges"/>, which yields measurements only on the
/// silo that hosts the scheduler grain, so a scrape of every silo does not add them up.
/// </summary>
public sealed class SchedulerMetrics
{
    /// <summary>The meter's name: the product's.</summary>
    public const string MeterName = "OrleansScheduler";

    private readonly KeyValuePair<string, object?> _silo;
    private readonly Counter<long> _submitted, _started, _succeeded, _failed, _retried, _canceled, _failedOver;
    private readonly Histogram<double> _queueWait, _runDuration, _storeCall;
    private SiloWorker? _worker;

    /// <summary>The instruments on <paramref name="meters"/>' meter <see cref="MeterName"/>, recorded as silo <paramref name="siloId"/>.</summary>
    /// <param name="meters">The host's meter factory.</param>
    /// <param name="siloId">This silo's address, the <c>silo</c> tag.</param>
    /// <param name="queues">The cluster-wide queue gauges' values; none: those gauges yield nothing here.</param>
    public SchedulerMetrics(IMeterFactory meters, string siloId, QueueGauges? queues = null)
    {
        ArgumentNullException.ThrowIfNull(meters);
        SiloId = siloId;
        _silo = new("silo", siloId);
        var meter = meters.Create(MeterName);
        _submitted = meter.CreateCounter<long>("osched.tasks.submitted", "{task}", "Tasks submitted through this silo's submitter.");
        _started = meter.CreateCounter<long>("osched.tasks.started", "{attempt}", "Attempts started on this silo.");
        _succeeded = meter.CreateCounter<long>("osched.tasks.succeeded", "{task}", "Attempts on this silo whose success the store recorded.");
        _failed = meter.CreateCounter<long>("osched.tasks.failed", "{task}", "Attempts on this silo that ended their task Failed.");
        _retried = meter.CreateCounter<long>("osched.tasks.retried", "{attempt}", "Failed attempts on this silo whose task will be retried.");
        _canceled = meter.CreateCounter<long>("osched.tasks.canceled", "{task}", "Tasks canceled through this silo.");
        _failedOver = meter.CreateCounter<long>("osched.tasks.failed_over", "{task}", "A dead silo's running tasks this silo failed over (result requeued or poisoned).");
        _queueWait = meter.CreateHistogram<double>("osched.task.queue_wait", "s", "From when a task became due to the start of its attempt.");
        _runDuration = meter.CreateHistogram<double>("osched.task.run_duration", "s", "How long an attempt's handler ran.");
        _storeCall = meter.CreateHistogram<double>("osched.store.call_duration", "s", "Task store calls made by this silo's worker and submitter.");
        meter.CreateObservableGauge("osched.tasks.running", () => Silo(_worker?.RunningCount), "{attempt}", "Attempts running on this silo.");
        meter.CreateObservableGauge("osched.silo.free_slots", () => Silo(_worker?.FreeSlots), "{slot}", "Free slots on this silo (capacity minus the running attempts' costs).");
        meter.CreateObservableGauge("osched.queue.depth", () => queues?.Depth() ?? [], "{task}", "Pending tasks per queue; reported by the scheduler grain's silo only.");
        meter.CreateObservableGauge("osched.queue.oldest_pending_age", () => queues?.OldestPendingAge() ?? [], "s",
            "How long the oldest Pending task of each queue has been due; reported by the scheduler grain's silo only.");
    }

    /// <summary>The silo the instruments record as.</summary>
    public string SiloId { get; }

    /// <summary>The running and free-slot gauges read <paramref name="worker"/> from now on.</summary>
    public void Observe(SiloWorker worker) => _worker = worker;

    /// <summary>A task was submitted.</summary>
    public void Submitted(TaskSubmission task)
    {
        ArgumentNullException.ThrowIfNull(task);
        _submitted.Add(1, Tags(task.Queue, task.Type));
    }

    /// <summary>An attempt started, <paramref name="queueWait"/> after its task became due.</summary>
    public void Started(ClaimedTask task, TimeSpan? queueWait)
    {
        ArgumentNullException.ThrowIfNull(task);
        var tags = Tags(task.Queue, task.Type);
        _started.Add(1, tags);
        if (queueWait is { } wait) _queueWait.Record(Math.Max(0, wait.TotalSeconds), tags);
    }

    /// <summary>An attempt's handler ran for <paramref name="duration"/>.</summary>
    public void Ran(ClaimedTask task, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(task);
        _runDuration.Record(duration.TotalSeconds, Tags(task.Queue, task.Type));
    }

    /// <summary>The store recorded the attempt's success.</summary>
    public void Succeeded(ClaimedTask task) => _succeeded.Add(1, Tags(task.Queue, task.Type));

    /// <summary>The store recorded the attempt's failure: a retry when <paramref name="retryable"/> and attempts remain, else the task's end.</summary>
    public void FailedAttempt(ClaimedTask task, bool retryable)
    {
        ArgumentNullException.ThrowIfNull(task);
        (retryable && task.Attempt < task.MaxAttempts ? _retried : _failed).Add(1, Tags(task.Queue, task.Type));
    }

    /// <summary>A task was canceled.</summary>
    public void Canceled(string queue, string type) => _canceled.Add(1, Tags(queue, type));

    /// <summary>A failover of a dead silo in <paramref name="queue"/> requeued and poisoned tasks (the store does not say their types).</summary>
    public void FailedOver(string queue, int requeued, int poisoned)
    {
        if (requeued > 0) _failedOver.Add(requeued, new("queue", queue), new("result", "requeued"), _silo);
        if (poisoned > 0) _failedOver.Add(poisoned, new("queue", queue), new("result", "poisoned"), _silo);
    }

    /// <summary>A store call <paramref name="operation"/> that began at <paramref name="startedAt"/> (<see cref="Stopwatch.GetTimestamp"/>) ended now.</summary>
    public void StoreCall(string operation, long startedAt) =>
        _storeCall.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new("operation", operation), _silo);

    private TagList Tags(string queue, string type) => new() { { "queue", queue }, { "type", type }, _silo };

    private IEnumerable<Measurement<int>> Silo(int? value) => value is { } v ? [new Measurement<int>(v, _silo)] : [];
}
