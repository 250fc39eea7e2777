using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Hosting;
using OrleansScheduler.Tasks;
using OrleansScheduler.Workflows;

namespace OrleansScheduler.Server.Grains;

/// <summary>
/// <see cref="IWorkflowGrain"/>: thin over <see cref="WorkflowCoordinator"/>, which decides; the grain reads node
/// states from the task store (the truth), carries the decisions out (<see cref="WorkflowNodeStore"/>) and keeps
/// its definition and the node states it saw as persistent state. It acts on a finished node when the store's
/// notice arrives, and reconciles every node on activation and, while Running, on a timer: at each
/// <see cref="SchedulerOptions.BackstopInterval"/> every node, at each <see cref="SchedulerOptions.SweepInterval"/>
/// the nodes a retry reran (the store tells a node's finish once only). Its state is written after it acted, at
/// once when the workflow's status or run changes and otherwise at the next tick (a write carries the whole
/// definition, and a node's state is the store's to keep): what a crash loses in between, the next activation
/// reads from the store again.
/// </summary>
internal sealed partial class WorkflowGrain(
    [PersistentState("workflow", SchedulerGrainStorage.Name)] IPersistentState<WorkflowState> persistent,
    WorkflowNodeStore nodes, IOptions<SchedulerOptions> options, [FromKeyedServices(SchedulerClock.Key)] TimeProvider clock,
    ILogger<WorkflowGrain> logger) : Grain, IWorkflowGrain
{
    private WorkflowCoordinator? _coordinator;
    private IGrainTimer? _timer, _drain;
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
    private DateTimeOffset _nextFullReconcile;
    private bool _dirty;

    private string Id => this.GetPrimaryKeyString();

    private WorkflowState State => persistent.State;

    private WorkflowCoordinator Coordinator => _coordinator ??= new WorkflowCoordinator(new WorkflowGraph(Id, State.Definition!));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Definition is null || State.Status != WorkflowStatus.Running) return;
        try
        {
            if (!State.Submitted) await SubmitAsync();
            await ReconcileAsync(Coordinator.Graph.Nodes.Select(n => n.Key), decideAll: true);
            LogReconciled(logger, Id, State.Status);
        }
        catch (Exception e)
        {
            // The timer tries again; activation must not fail over a store that is briefly away.
            LogReconcileFailed(logger, e, Id);
        }
        StartTimer();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty && State.Definition is not null) await persistent.WriteStateAsync(cancellationToken);
    }

    public async Task<WorkflowInfo> CreateAsync(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (State.Definition is not null) throw new WorkflowAlreadyExistsException(Id);
        var now = clock.GetUtcNow();
        WorkflowValidator.ThrowIfInvalid(definition, now, options.Value.MaxPayloadBytes);
        if (definition.Nodes.FirstOrDefault(n => !TaskLimits.IsValidId(WorkflowLimits.NodeId(Id, n.Key))) is { } tooLong)
            throw new ArgumentException($"tasks: the task id '{WorkflowLimits.NodeId(Id, tooLong.Key)}' of key '{tooLong.Key}' must match {TaskLimits.IdPattern}; use a shorter workflow id or key.", nameof(definition));

        persistent.State = new WorkflowState
        {
            Definition = definition,
            Status = WorkflowStatus.Running,
            Run = 1,
            CreatedAt = now,
            Nodes = definition.Nodes.ToDictionary(n => n.Key, n => new WorkflowNodeState { Status = n.DependsOn.Count > 0 ? TaskState.Waiting : TaskState.Pending }),
        };
        _coordinator = null;
        // The definition is durable before any node exists, so an activation after a crash here submits the rest.
        await WriteAsync();
        await SubmitAsync();
        StartTimer();
        LogCreated(logger, Id, definition.Nodes.Count);
        return Info(new Dictionary<string, TaskRecord>());
    }

    public async Task<WorkflowInfo?> GetAsync()
    {
        if (State.Definition is null) return null;
        var keys = Coordinator.Graph.Nodes.Select(n => n.Key);
        var records = await ReadAsync(keys);
        if (State.Status == WorkflowStatus.Running && await ActOnAsync(records, decideAll: true)) records = await ReadAsync(keys);
        return Info(records);
    }

    public async Task<WorkflowInfo> CancelAsync()
    {
        RequireStatus("cancel", WorkflowStatus.Running);
        State.CancelRequested = true;
        string reason = WorkflowCoordinator.CanceledWithWorkflowReason(Id);
        foreach (var (key, node) in State.Nodes.Where(n => !n.Value.Status.IsTerminal()).ToList())
            node.Status = (await nodes.CancelAsync(Coordinator.Graph.TaskIdOf(key), reason))?.Status ?? TaskState.Canceled;
        await SettleAsync(write: true);
        LogCanceled(logger, Id);
        return Info(await ReadAsync(Coordinator.Graph.Nodes.Select(n => n.Key)));
    }

    public async Task<WorkflowInfo> RetryFailedAsync()
    {
        RequireStatus("retry", WorkflowStatus.Failed, WorkflowStatus.Canceled);
        var again = Coordinator.ToRetry(StatusOf);
        State.Run++;
        State.Status = WorkflowStatus.Running;
        State.CancelRequested = false;
        State.FinishedAt = null;
        // In definition order, so a node retried with a dependency that is retried too finds it not Succeeded and waits.
        foreach (string key in again)
        {
            var task = await nodes.RetryAsync(Coordinator.Graph.TaskIdOf(key));
            State.Nodes[key] = new WorkflowNodeState { Status = task?.Status ?? TaskState.Canceled, Retried = task is not null };
        }
        await ActAsync(Coordinator.Decide(StatusOf));
        await SettleAsync(write: true);
        StartTimer();
        LogRetried(logger, Id, State.Run, again.Count);
        return Info(await ReadAsync(Coordinator.Graph.Nodes.Select(n => n.Key)));
    }

    public async Task<WorkflowInfo> DeleteAsync()
    {
        if (State.Definition is null) throw new WorkflowNotFoundException(Id);
        var keys = Coordinator.Graph.Nodes.Select(n => n.Key).ToList();
        var info = Info(await ReadAsync(keys));
        State.CancelRequested = true;
        string reason = WorkflowCoordinator.DeletedWithWorkflowReason(Id);
        foreach (string key in keys) await nodes.DeleteAsync(Coordinator.Graph.TaskIdOf(key), reason);
        await persistent.ClearStateAsync();
        persistent.State = new WorkflowState();
        _coordinator = null;
        StopTimer();
        LogDeleted(logger, Id, keys.Count);
        DeactivateOnIdle();
        return info;
    }

    public Task NodesFinishedAsync(IReadOnlyList<string> keys)
    {
        if (State.Definition is null || State.Status != WorkflowStatus.Running) return Task.CompletedTask;
        foreach (string key in keys.Where(State.Nodes.ContainsKey)) _finished.Add(key);
        // The notices of a busy workflow come faster than one can be acted on: they gather here and one turn,
        // queued behind the notices already waiting, acts on all of them with one read and one round of releases.
        _drain ??= this.RegisterGrainTimer(DrainAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        _drain?.Dispose();
        _drain = null;
        if (_finished.Count == 0 || State.Definition is null || State.Status != WorkflowStatus.Running) return;
        var keys = _finished.ToList();
        _finished.Clear();
        try
        {
            await ReconcileAsync(keys, decideAll: false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The timer's reconcile finds what this missed.
            LogReconcileFailed(logger, e, Id);
        }
    }

    public Task PokeAsync() => Task.CompletedTask; // an activation reconciles; an active grain has its timer

    /// <summary>Reads <paramref name="keys"/> from the store, then acts on what changed (on every Waiting node when <paramref name="decideAll"/>).</summary>
    private async Task ReconcileAsync(IEnumerable<string> keys, bool decideAll) => await ActOnAsync(await ReadAsync(keys), decideAll);

    /// <summary>Takes the nodes' states from <paramref name="records"/>, acts on those that became terminal, and settles the status; true when it changed a node.</summary>
    private async Task<bool> ActOnAsync(Dictionary<string, TaskRecord> records, bool decideAll)
    {
        var finished = new List<string>();
        bool changed = false;
        foreach (var (key, task) in records)
        {
            var node = State.Nodes[key];
            if (task.Status.IsTerminal() && !node.Status.IsTerminal()) finished.Add(key);
            changed |= node.Status != task.Status;
            node.Status = task.Status;
            if (task.Status.IsTerminal()) node.Retried = false;
        }
        bool acted = await ActAsync(Coordinator.Decide(StatusOf, decideAll ? null : finished));
        if (acted || changed) await SettleAsync();
        return acted;
    }

    /// <summary>Releases and cancels what the coordinator decided, then wakes the released nodes' queues; true when it did anything.</summary>
    private async Task<bool> ActAsync(WorkflowDecisions decisions)
    {
        if (decisions.IsEmpty) return false;
        var queues = new List<string>();
        // Released side by side: each is a store call of its own, and a wide DAG releases many at once.
        var released = await Task.WhenAll(decisions.Release.Select(key => nodes.ReleaseAsync(Coordinator.Graph.TaskIdOf(key))));
        foreach (var (key, task) in decisions.Release.Zip(released))
        {
            State.Nodes[key].Status = task?.Status ?? TaskState.Canceled;
            if (task is { Status: TaskState.Pending }) queues.Add(task.Queue);
        }
        nodes.Wake(queues);
        foreach (var cancel in decisions.Cancel)
        {
            var task = await nodes.CancelAsync(Coordinator.Graph.TaskIdOf(cancel.Key), cancel.Reason);
            State.Nodes[cancel.Key].Status = task?.Status ?? TaskState.Canceled;
        }
        return true;
    }

    /// <summary>
    /// Works out the status from the node states and stops the timer once the run ended; writes the state when the
    /// status changed or <paramref name="write"/> says, else leaves it for the next tick.
    /// </summary>
    private async Task SettleAsync(bool write = false)
    {
        var status = Coordinator.StatusOf(StatusOf, State.CancelRequested);
        if (status != WorkflowStatus.Running && State.Status == WorkflowStatus.Running)
        {
            State.FinishedAt = clock.GetUtcNow();
            StopTimer();
            LogFinished(logger, Id, status, State.Run);
            write = true;
        }
        State.Status = status;
        if (write) await WriteAsync();
        else _dirty = true;
    }

    private async Task WriteAsync()
    {
        _dirty = false;
        await persistent.WriteStateAsync();
    }

    private async Task SubmitAsync()
    {
        await nodes.SubmitAsync(Coordinator.Graph.Submissions());
        State.Submitted = true;
        await WriteAsync();
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (State.Definition is null || State.Status != WorkflowStatus.Running) return;
        try
        {
            if (clock.GetUtcNow() >= _nextFullReconcile)
            {
                _nextFullReconcile = clock.GetUtcNow() + options.Value.BackstopInterval;
                await ReconcileAsync(State.Nodes.Where(n => !n.Value.Status.IsTerminal()).Select(n => n.Key).ToList(), decideAll: true);
            }
            else if (State.Nodes.Where(n => n.Value.Retried).Select(n => n.Key).ToList() is { Count: > 0 } retried)
            {
                await ReconcileAsync(retried, decideAll: false);
            }
            if (_dirty) await WriteAsync();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogReconcileFailed(logger, e, Id);
        }
    }

    private void StartTimer()
    {
        if (_timer is not null || State.Status != WorkflowStatus.Running) return;
        _nextFullReconcile = clock.GetUtcNow() + options.Value.BackstopInterval;
        var every = options.Value.SweepInterval;
        // Kept alive while it runs: an active grain is what hears its nodes finish without a reactivation.
        _timer = this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(every, every) { KeepAlive = true });
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private void RequireStatus(string operation, params WorkflowStatus[] allowed)
    {
        if (State.Definition is null) throw new WorkflowNotFoundException(Id);
        if (!allowed.Contains(State.Status)) throw new WorkflowStateConflictException(Id, operation, allowed, State.Status);
    }

    private TaskState StatusOf(string key) => State.Nodes[key].Status;

    /// <summary>The nodes' tasks by key; a node not in the store is left out.</summary>
    private async Task<Dictionary<string, TaskRecord>> ReadAsync(IEnumerable<string> keys)
    {
        var byId = await nodes.ReadAsync(keys.Select(Coordinator.Graph.TaskIdOf));
        return byId.Values.Where(t => t.Node is not null).ToDictionary(t => t.Node!.Key, StringComparer.Ordinal);
    }

    private WorkflowInfo Info(IReadOnlyDictionary<string, TaskRecord> records) => WorkflowContracts.ToInfo(Id, State, records);
}
