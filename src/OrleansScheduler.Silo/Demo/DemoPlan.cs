using System.Text.Json;
using OrleansScheduler.Api;
using OrleansScheduler.Client;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Silo.Demo;

/// <summary>
/// The demo's mix of the built-in task types: echo, sleep, cpu, fail-once-then-retry, delayed
/// echo, a few tasks that fail for good (about 1 in 100) and a spread of priorities. Short
/// durations and backoffs keep a few hundred tasks well under ten seconds on one silo.
/// </summary>
internal static class DemoPlan
{
    private static readonly int[] Priorities = [-5, 0, 0, 0, 5, 10];

    /// <summary>The tasks of a demo run.</summary>
    public static IReadOnlyList<DemoTask> Create(DemoOptions options)
    {
        var random = new Random(options.Seed);
        var tasks = new List<DemoTask>(options.Tasks);
        for (int i = 0; i < options.Tasks; i++)
        {
            int priority = Priorities[random.Next(Priorities.Length)];
            if (options.Tasks >= 20 && i % 100 == 17)
            {
                tasks.Add(new DemoTask(Task(options, "fail", new { times = 99 }, priority) with { MaxAttempts = 2, BackoffMs = 100 }, FailsOnPurpose: true));
                continue;
            }
            double pick = random.NextDouble();
            var request = pick switch
            {
                < 0.35 => Task(options, "echo", new { n = i, greeting = "hello" }, priority),
                < 0.55 => Task(options, "sleep", new { ms = random.Next(20, 300) }, priority),
                < 0.70 => Task(options, "fail", new { times = 1 }, priority) with { MaxAttempts = 3, BackoffMs = 200 },
                < 0.85 => Task(options, "cpu", new { ms = random.Next(5, 25) }, priority),
                _ => Task(options, "echo", new { n = i, delayed = true }, priority) with { DelayMs = random.Next(300, 2500) },
            };
            tasks.Add(new DemoTask(request, FailsOnPurpose: false));
        }
        return tasks;
    }

    private static SubmitTaskRequest Task(DemoOptions options, string type, object payload, int priority) => new()
    {
        Type = type,
        Queue = options.Queue,
        Payload = JsonSerializer.SerializeToElement(payload, JsonSerializerOptions.Web),
        Priority = priority,
    };
}
