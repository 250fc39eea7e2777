using OrleansScheduler.Tasks;

namespace OrleansScheduler.Storage;

/// <summary>
/// The store port: every state transition of a task is one atomic operation here, checked against
/// the task's current state and, for anything a running attempt does, its fencing token.
/// Implementations: <see cref="InMemory.InMemoryTaskStore"/> (embedded, one process) and the Redis
/// store. Both pass one contract suite. The store reads "now" from its <see cref="TimeProvider"/>.
/// Every transition also appends a <see cref="TaskEvent"/> to its queue's stream and, when it ends
/// an attempt, that attempt to the task's history (<see cref="ITaskHistory"/>).
/// </summary>
public interface ITaskStore : ITaskHistory, IQueueAdmin, ITaskFamilies, ITaskRouting
{
    /// <summary>
    /// Stores new tasks, all or nothing, and returns their ids in order, with the queues whose
    /// workers may be idle (<see cref="SubmittedTasks.IdleQueues"/>). Tasks whose
    /// <see cref="TaskSubmission.RunAt"/> is in the future are Scheduled, the others Pending.
    /// </summary>
    /// <exception cref="ArgumentException">A submission is invalid.</exception>
    /// <exception cref="TaskAlreadyExistsException">A client-chosen id is taken; nothing was stored.</exception>
    Task<SubmittedTasks> SubmitAsync(IReadOnlyList<TaskSubmission> tasks, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="max"/> ready tasks of <paramref name="queue"/> for
    /// <paramref name="siloId"/>, highest priority first and FIFO within a priority: each becomes
    /// Running with its attempt counted and a new fencing token. Scheduled tasks that are due are
    /// promoted first. Two claimers never get the same task. A paused queue hands out nothing. The
    /// queue's <see cref="QueueLimits"/> hold across all claimers: no more than
    /// <see cref="QueueLimits.MaxConcurrency"/> Running at once, and no more starts than the rate's
    /// token bucket allows; when the bucket holds back ready tasks, <see cref="ClaimBatch.NextDueAt"/>
    /// is no later than when its next token is due, so an idle worker comes back in time. A silo whose
    /// work <see cref="RequeueSiloTasksAsync"/> has requeued in this queue gets
    /// <see cref="ClaimBatch.Refused"/> and changes nothing: it was declared dead, and what it would
    /// claim no failover would ever requeue.
    /// </summary>
    Task<ClaimBatch> ClaimAsync(string queue, string siloId, int max, CancellationToken cancellationToken = default);

    /// <summary>Records successful attempts; each is checked against its token. Results are in input order.</summary>
    Task<IReadOnlyList<OutcomeResult>> CompleteAsync(IReadOnlyList<TaskCompletion> completions, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records failed attempts; each is checked against its token. A retryable failure with attempts
    /// left is Scheduled after <see cref="RetryBackoff"/>; otherwise the task ends Failed.
    /// </summary>
    Task<IReadOnlyList<OutcomeResult>> FailAsync(IReadOnlyList<TaskFailure> failures, CancellationToken cancellationToken = default);

    /// <summary>Stores the latest progress of a running attempt; checked against its token like a completion.</summary>
    Task<OutcomeResult> ReportProgressAsync(TaskProgress progress, CancellationToken cancellationToken = default);

    /// <summary>
    /// Fails every attempt in <paramref name="queue"/> that is past its deadline (a worker that
    /// hung, ignored its token or vanished), as a retryable failure, and bumps its token so the
    /// late worker's completion is rejected. Idempotent; returns how many attempts it timed out.
    /// </summary>
    Task<int> ExpireAttemptsAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands running attempts back without counting them (a silo draining on shutdown): each whose
    /// token is current goes back to Pending with its attempt count lowered by one and its token
    /// bumped, so the handler that still runs cannot complete it. Results are in input order.
    /// </summary>
    Task<IReadOnlyList<OutcomeResult>> ReleaseAsync(IReadOnlyList<TaskRelease> releases, CancellationToken cancellationToken = default);

    /// <summary>
    /// Failover: requeues every task of <paramref name="queue"/> still Running on the dead silo
    /// <paramref name="siloId"/> (an Orleans silo address, unique to one start of a silo): token bumped (its zombie handlers cannot complete),
    /// failover count raised, attempt not counted, back to Pending at once. A task whose failover
    /// count exceeds <paramref name="maxFailovers"/> ends Failed as a poison task instead. From then
    /// on the queue refuses claims from <paramref name="siloId"/> (remembered for
    /// <see cref="RequeuedSiloMemory"/>), and its outcomes already lose on their tokens. Idempotent.
    /// </summary>
    Task<FailoverResult> RequeueSiloTasksAsync(string queue, string siloId, int maxFailovers, CancellationToken cancellationToken = default);

    /// <summary>
    /// The silos holding Running attempts of <paramref name="queue"/>, each with how many and when it
    /// started the newest: what the failover backstop compares with the cluster's membership. Reads only.
    /// </summary>
    Task<IReadOnlyList<RunningOwner>> ListRunningOwnersAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>
    /// How long a queue remembers a silo it requeued, refusing its claims: longer than any silo that
    /// was declared dead can keep running (it stops itself at its next membership read). 7 days, as
    /// Orleans keeps a dead silo's membership entry.
    /// </summary>
    public static readonly TimeSpan RequeuedSiloMemory = TimeSpan.FromDays(7);

    /// <summary>Moves due Scheduled tasks of <paramref name="queue"/> to Pending; returns how many. Idempotent.</summary>
    Task<int> PromoteDueAsync(string queue, CancellationToken cancellationToken = default);

    /// <summary>The task, or null when there is no such task.</summary>
    Task<TaskRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>A page of tasks in id (creation) order, filtered by the query.</summary>
    Task<TaskPage> ListAsync(TaskQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a Pending, Scheduled, Paused, Waiting or Running task and returns it as it is now (a
    /// parent's unfinished children are canceled with it). A Running
    /// task ends Canceled at once with its token bumped (its handler's outcome will be rejected); the
    /// caller tells the silo it ran on (the record's <see cref="TaskRecord.Silo"/>), so the handler's
    /// CancellationToken fires.
    /// </summary>
    /// <exception cref="TaskNotFoundException">No such task.</exception>
    /// <exception cref="TaskStateConflictException">The task has already finished.</exception>
    Task<TaskRecord> CancelAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels like <see cref="CancelAsync(string, CancellationToken)"/>, keeping <paramref name="reason"/>
    /// as the task's error so its status says why (a workflow node whose dependency failed); null keeps
    /// the error as it was.
    /// </summary>
    /// <exception cref="TaskNotFoundException">No such task.</exception>
    /// <exception cref="TaskStateConflictException">The task has already finished.</exception>
    Task<TaskRecord> CancelAsync(string id, string? reason, CancellationToken cancellationToken = default);

    /// <summary>Holds a Pending or Scheduled task back (Paused) until it is resumed.</summary>
    /// <exception cref="TaskNotFoundException">No such task.</exception>
    /// <exception cref="TaskStateConflictException">The task is not Pending or Scheduled.</exception>
    Task<TaskRecord> PauseAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lets a Paused task go: Scheduled if its run-at is still ahead, Pending otherwise.</summary>
    /// <exception cref="TaskNotFoundException">No such task.</exception>
    /// <exception cref="TaskStateConflictException">The task is not Paused.</exception>
    Task<TaskRecord> ResumeAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Runs a Failed or Canceled task again now: Pending, attempts and failovers reset, the last error kept.</summary>
    /// <exception cref="TaskNotFoundException">No such task.</exception>
    /// <exception cref="TaskStateConflictException">The task is not Failed or Canceled.</exception>
    Task<TaskRecord> RetryAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a task that is finished or has not started (a Running or Waiting one must be canceled
    /// first) and returns it as it was. A parent's children go first (those still Running are canceled),
    /// so no child outlives its parent.
    /// </summary>
    /// <exception cref="TaskNotFoundException">No such task.</exception>
    /// <exception cref="TaskStateConflictException">The task is Running or Waiting.</exception>
    Task<TaskRecord> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The attempts among <paramref name="attempts"/> that are no longer current (their task was
    /// canceled, timed out, failed over or deleted): a silo's fallback for cancellations whose
    /// message it missed. Returns those attempts, in input order: by id and token, because a silo
    /// can hold a stale and a current attempt of the same task at once.
    /// </summary>
    Task<IReadOnlyList<TaskRelease>> FindStaleAttemptsAsync(IReadOnlyList<TaskRelease> attempts, CancellationToken cancellationToken = default);
}
