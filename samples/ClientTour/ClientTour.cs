using System.Text.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Tasks;
using OrleansScheduler.Workflows;

namespace ClientTour;

/// <summary>The .NET client calls docs/api.md shows, one region per sample, each runnable against a silo.</summary>
public static class Tour
{
    public static async Task<TaskInfo?> SubmitAndWaitAsync(Uri gateway)
    {
        #region submit
        using var http = new HttpClient { BaseAddress = gateway };   // e.g. http://localhost:5080/
        var client = new SchedulerClient(http);

        SubmittedTask submitted = await client.SubmitAsync(SubmitTaskRequest.Create("echo", new { hello = "world" }));
        TaskInfo? done = await client.WaitAsync(submitted.Id, TimeSpan.FromSeconds(30));  // terminal, or as it is after 30 s
        Console.WriteLine($"{done?.Id} {done?.Status} {done?.Result}");                   // … Succeeded {"hello":"world"}
        #endregion
        return done;
    }

    public static async Task<string> IdempotentSubmitAsync(SchedulerClient client)
    {
        #region idempotency
        var order = SubmitTaskRequest.Create("echo", new { order = 42 }) with { IdempotencyKey = "order-42", IdempotencyWindowMs = 600_000 };
        SubmittedTask first = await client.SubmitAsync(order);
        SubmittedTask again = await client.SubmitAsync(order);   // the same id; nothing new is stored
        #endregion
        return first.Id == again.Id ? first.Id : throw new InvalidOperationException("an idempotent repeat made a new task");
    }

    public static async Task<(IReadOnlyList<TaskLogLineInfo>?, IReadOnlyList<TaskAttemptInfo>?, IReadOnlyList<TaskEventInfo>?, TaskProgressInfo?)> HistoryAsync(
        SchedulerClient client, string id)
    {
        #region history
        IReadOnlyList<TaskLogLineInfo>? lines = await client.GetLogsAsync(id);        // null: no such task
        IReadOnlyList<TaskAttemptInfo>? attempts = await client.GetAttemptsAsync(id);
        IReadOnlyList<TaskEventInfo>? events = await client.GetTaskEventsAsync(id);
        TaskProgressInfo? progress = await client.GetProgressAsync(id);
        #endregion
        return (lines, attempts, events, progress);
    }

    /// <summary>Streams the default queue's events until <paramref name="cancellationToken"/> fires; returns the last event id seen.</summary>
    public static async Task<string?> StreamAsync(SchedulerClient client, CancellationToken cancellationToken)
    {
        string? last = null; // null: from the oldest event the queue keeps
        try
        {
            #region stream
            await foreach (TaskEventInfo e in client.StreamEventsAsync("default", last, cancellationToken))
            {
                Console.WriteLine($"{e.Time:O} {e.TaskId} {e.Type} {e.From}→{e.To}");
                last = e.Id; // pass it again to resume after a dropped connection
            }
            #endregion
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        return last;
    }

    public static async Task<(IReadOnlyList<QueueInfo>, QueueInfo?)> QueuesAsync(SchedulerClient client)
    {
        #region queues
        IReadOnlyList<QueueInfo> queues = await client.ListQueuesAsync(); // each with Name, Paused, Counts, …, Limits
        QueueInfo? one = await client.GetQueueAsync("default");           // null: unknown queue
        #endregion
        return (queues, one);
    }

    public static async Task<(QueueLimitsInfo, QueueLimitsInfo?, QueueLimitsInfo)> LimitsAsync(SchedulerClient client)
    {
        #region limits
        QueueLimitsInfo stored = await client.SetQueueLimitsAsync("reports", new QueueLimitsInfo { MaxConcurrency = 2, RatePerSecond = 0.5 });
        QueueLimitsInfo? limits = await client.GetQueueLimitsAsync("reports");        // null: unknown queue
        QueueLimitsInfo cleared = await client.SetQueueLimitsAsync("reports", new QueueLimitsInfo()); // clear them all
        #endregion
        return (stored, limits, cleared);
    }

    public static async Task<(ScheduleInfo, ScheduleInfo, IReadOnlyList<ScheduleInfo>, ScheduleInfo?)> SchedulesAsync(SchedulerClient client)
    {
        #region schedules
        var nightly = new ScheduleRequest
        {
            Name = "nightly-report",
            Cron = "0 3 * * *",
            TimeZone = "Europe/Paris",
            Task = new ScheduleTaskInfo { Type = "echo", Queue = "reports", Payload = JsonSerializer.SerializeToElement(new { kind = "daily" }) },
            Overlap = OverlapPolicy.Skip,        // "skip"; default "allow"
            CatchUp = CatchUpPolicy.Once,        // "once"; default "none"
        };
        ScheduleInfo created = await client.CreateScheduleAsync(nightly);   // POST /api/schedules (409 if the name is taken)
        ScheduleInfo put = await client.PutScheduleAsync(nightly);          // PUT /api/schedules/{name}: create or replace
        IReadOnlyList<ScheduleInfo> all = await client.ListSchedulesAsync(); // GET /api/schedules
        ScheduleInfo? one = await client.GetScheduleAsync("nightly-report"); // null on 404
        await client.DeleteScheduleAsync("nightly-report");                  // 204; 404 throws SchedulerApiException
        #endregion
        return (created, put, all, one);
    }

    public static async Task<SchedulerApiException?> ErrorsAsync(SchedulerClient client)
    {
        #region errors
        try
        {
            await client.CancelAsync("no-such-task");
        }
        catch (SchedulerApiException e)
        {
            Console.WriteLine($"{(int)e.StatusCode} {e.Title}: {e.Detail}");   // 404 … There is no task with id 'no-such-task'.
            return e;
        }
        #endregion
        return null;
    }

    public static async Task<(SubmittedParentTask, TaskInfo?, List<ChildTaskInfo>)> FamilyAsync(SchedulerClient client)
    {
        #region family
        // A parent and its children in one step: the parent (the join) waits, then runs once all have finished.
        SubmittedParentTask family = await client.SubmitWithChildrenAsync(
            SubmitTaskRequest.Create("echo", new { report = "done" }),
            [SubmitTaskRequest.Create("echo", 1), SubmitTaskRequest.Create("echo", 2)],
            ChildFailurePolicy.FailFast);                                         // a failed child fails the parent at once
        TaskInfo? parent = await client.WaitAsync(family.Id, TimeSpan.FromSeconds(30)); // Succeeded, ChildrenFinished 2
        var children = new List<ChildTaskInfo>();
        await foreach (ChildTaskInfo child in client.GetAllChildrenAsync(family.Id))   // in spawn order, a page at a time
            children.Add(child);                                                       // Id "<parent>.0", Status, Result, Error
        #endregion
        return (family, parent, children);
    }

    public static async Task<WorkflowInfo> WorkflowAsync(SchedulerClient client)
    {
        #region workflow
        // A DAG: resize runs once fetch succeeded; report runs after resize even if it failed.
        WorkflowInfo created = await client.CreateWorkflowAsync(new WorkflowRequest
        {
            Name = "thumbnails",
            Tasks =
            [
                new WorkflowTaskRequest { Key = "fetch", Type = "echo", Payload = JsonSerializer.SerializeToElement(new { url = "a.png" }) },
                new WorkflowTaskRequest { Key = "resize", Type = "echo", DependsOn = [new WorkflowDependencyInfo { Key = "fetch" }] },
                new WorkflowTaskRequest
                {
                    Key = "report", Type = "echo",
                    DependsOn = [new WorkflowDependencyInfo { Key = "resize", OnFailure = DependencyFailure.Continue }],
                },
            ],
        });
        WorkflowInfo? done = await client.WaitForWorkflowAsync(created.Id, TimeSpan.FromSeconds(30)); // Succeeded: each node, and the edges
        #endregion
        return done ?? created;
    }

    public static async Task<SiloList> SilosAsync(SchedulerClient client)
    {
        #region silos
        SiloList cluster = await client.ListSilosAsync();
        foreach (SiloInfo silo in cluster.Silos)
            Console.WriteLine($"{silo.Id} {silo.Name} {silo.Status} {silo.Running}/{silo.Capacity}{(silo.HostsScheduler ? " (scheduler)" : "")}");
        #endregion
        return cluster;
    }

    public static async Task<(TaskInfo?, TaskRouting, TaskRouting?)> RoutingAsync(SchedulerClient client)
    {
        #region routing
        // Every task of customer 42 runs on the same silo while that silo is Active, one at a time.
        var routing = new TaskRouting { Strategy = RoutingStrategy.ConsistentHash, Key = "customer-42", ConcurrencyKey = "customer-42" };
        SubmittedTask submitted = await client.SubmitAsync(SubmitTaskRequest.Create("echo", new { invoice = 7 }) with { Routing = routing });
        TaskInfo? done = await client.WaitAsync(submitted.Id, TimeSpan.FromSeconds(30));   // done.Routing, done.RoutedTo: the silo chosen

        // A queue's default routing: tasks submitted to it without one get it.
        TaskRouting stored = await client.SetQueueRoutingAsync("reports", new TaskRouting { Strategy = RoutingStrategy.LeastLoaded });
        TaskRouting? read = await client.GetQueueRoutingAsync("reports");   // null: none set, or an unknown queue
        await client.ClearQueueRoutingAsync("reports");
        #endregion
        return (done, stored, read);
    }
}
