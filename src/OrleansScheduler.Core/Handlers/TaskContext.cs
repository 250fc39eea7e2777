using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansScheduler.Families;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Handlers;

/// <summary>What a handler knows about the attempt it runs.</summary>
public sealed class TaskContext
{
    private readonly Func<int, string?, Task> _reportProgress;
    private readonly IGrainFactory? _grainFactory;
    private readonly AttemptFamily? _family;

    internal TaskContext(ClaimedTask task, string siloId, CancellationToken cancellationToken, ILogger logger, Func<int, string?, Task> reportProgress,
        IGrainFactory? grainFactory = null, AttemptFamily? family = null)
    {
        Task = task;
        _family = family;
        SiloId = siloId;
        _grainFactory = grainFactory;
        CancellationToken = cancellationToken;
        Logger = logger;
        _reportProgress = reportProgress;
    }

    /// <summary>The claimed attempt.</summary>
    internal ClaimedTask Task { get; }

    /// <summary>The task id: the key to make side effects idempotent.</summary>
    public string TaskId => Task.Id;
    /// <summary>The queue the task came from.</summary>
    public string Queue => Task.Queue;
    /// <summary>The handler name the task was submitted with.</summary>
    public string Type => Task.Type;
    /// <summary>This attempt's number, from 1.</summary>
    public int Attempt => Task.Attempt;
    /// <summary>Attempts allowed in all.</summary>
    public int MaxAttempts => Task.MaxAttempts;
    /// <summary>How long this attempt may run: its timer starts just before the handler is called, and <see cref="CancellationToken"/> fires when it ends.</summary>
    public TimeSpan Timeout => Task.Timeout;
    /// <summary>The silo running the attempt: its address as Orleans parses it (<c>SiloAddress.ToParsableString()</c>), as the task's <c>silo</c> shows it.</summary>
    public string SiloId { get; }

    /// <summary>
    /// The application's grains, from the silo the attempt runs on: a task can drive a grain with the
    /// retries, timeouts, cancellation and failover that a plain grain call lacks. Pass
    /// <see cref="CancellationToken"/> on to calls that take one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The engine runs outside an Orleans silo (a test host without one).</exception>
    public IGrainFactory GrainFactory => _grainFactory ?? throw new InvalidOperationException("This attempt runs outside an Orleans silo: there is no grain factory.");
    /// <summary>The payload as JSON text.</summary>
    public string PayloadJson => Task.Payload;
    /// <summary>Fires on timeout, cancel, failover (the silo was declared dead) and shutdown.</summary>
    public CancellationToken CancellationToken { get; }
    /// <summary>
    /// Writes to the host's log like any logger; lines at or above
    /// <see cref="Hosting.SchedulerOptions.TaskLogLevel"/> (default Information) are also kept with
    /// the task, attempt by attempt, and read back with the task's logs. An exception passed to the
    /// logger is kept as its type and message.
    /// </summary>
    public ILogger Logger { get; }

    /// <summary>The payload deserialized with web defaults (camelCase, case-insensitive).</summary>
    /// <exception cref="NonRetryableTaskException">The payload does not fit <typeparamref name="T"/>; retrying would not help.</exception>
    public T GetPayload<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Task.Payload, JsonSerializerOptions.Web)!;
        }
        catch (JsonException e)
        {
            throw new NonRetryableTaskException($"Payload of task '{TaskId}' does not fit {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>Stores the attempt's progress (0–100) and a message; shown with the task.</summary>
    public Task ReportProgressAsync(int percent, string? message = null) =>
        _reportProgress(Math.Clamp(percent, 0, 100), message);

    /// <summary>How deep the task is nested: 0 without a parent; its children are one deeper, up to <see cref="Hosting.SchedulerOptions.MaxFamilyDepth"/>.</summary>
    public int Depth => Task.Depth;

    /// <summary>True when this run is the join step: the children this task spawned (or was submitted with) are all terminal; read them from <see cref="Children"/>.</summary>
    public bool IsJoin => Task.IsJoin;

    /// <summary>How many children the task has.</summary>
    public int ChildCount => Task.ChildCount;

    /// <summary>The workflow the task is a node of, with its key and its dependencies' keys; null outside workflows.</summary>
    public WorkflowNodeLink? Node => Task.Node;

    /// <summary>This shard's index, 0 to <see cref="ShardTotal"/> − 1, when the task is one shard of a task submitted with <c>"strategy": "sharding"</c>; null otherwise.</summary>
    public int? ShardIndex => Task.Routing is { Strategy: RoutingStrategy.Sharding } routing ? routing.ShardIndex : null;

    /// <summary>How many shards the sharded task was split into (its <c>shards</c>), when the task is one of them; null otherwise.</summary>
    public int? ShardTotal => Task.Routing is { Strategy: RoutingStrategy.Sharding } routing ? routing.Shards : null;

    /// <summary>
    /// Adds children to this task: each a normal task spec in any queue (no id or idempotency key of its
    /// own: child i of this attempt is <c>&lt;task id&gt;.&lt;i&gt;</c>, so an attempt that runs again after a
    /// crash and spawns the same children again finds the first run's instead of adding more). Then
    /// return <see cref="WaitForChildren"/> to wait for them. Children may spawn children of their own,
    /// up to <see cref="Hosting.SchedulerOptions.MaxFamilyDepth"/>.
    /// </summary>
    /// <param name="children">The children, in the order the join step will see them.</param>
    /// <param name="policy">What happens when a child ends Failed or Canceled: the join step decides (<see cref="ChildFailurePolicy.Collect"/>), or the task fails at once and its other children are canceled (<see cref="ChildFailurePolicy.FailFast"/>).</param>
    /// <returns>The children's ids, in order.</returns>
    /// <exception cref="NonRetryableTaskException">This is a join step, or the children would be nested too deep.</exception>
    /// <exception cref="OperationCanceledException">This attempt is no longer current (canceled, timed out, failed over).</exception>
    public Task<IReadOnlyList<string>> SpawnChildrenAsync(IEnumerable<TaskSubmission> children, ChildFailurePolicy policy = ChildFailurePolicy.Collect) =>
        Family.SpawnAsync(children, policy);

    /// <summary>
    /// What to return to end this attempt by waiting for the children spawned: the task goes Waiting (the
    /// attempt is not counted), and runs its join step once every child is terminal, with
    /// <paramref name="joinState"/> back from <see cref="GetJoinState{T}"/>.
    /// </summary>
    public WaitForChildren WaitForChildren(object? joinState = null) => new(joinState);

    /// <summary>The join state the spawning attempt returned with <see cref="WaitForChildren"/>, deserialized with web defaults; default when none.</summary>
    /// <exception cref="NonRetryableTaskException">The join state does not fit <typeparamref name="T"/>.</exception>
    public T? GetJoinState<T>() => AttemptFamily.Deserialize<T>(Task.JoinState, "join state", TaskId);

    /// <summary>Every child of this task, in spawn order, with its status, result and error: read from the store a page at a time, so a fan-out of any size fits.</summary>
    public IAsyncEnumerable<ChildTask> Children => Family.AllAsync(CancellationToken);

    /// <summary>Up to <paramref name="max"/> children from position <paramref name="start"/> on, in spawn order.</summary>
    public Task<ChildPage> GetChildrenAsync(int start, int max = AttemptFamily.PageSize) => Family.PageAsync(start, max);

    /// <summary>
    /// A dependency of this workflow node by its key, with its status and result. A node runs once its
    /// dependencies Succeeded (or ended otherwise, on an edge that says <c>"onFailure": "continue"</c>).
    /// </summary>
    /// <exception cref="NonRetryableTaskException">The node has no such dependency, or it no longer exists.</exception>
    public Task<DependencyTask> GetDependencyAsync(string key) => Family.DependencyAsync(key);

    private AttemptFamily Family => _family ?? throw new InvalidOperationException("This attempt runs without a task store: it has no family.");
}
