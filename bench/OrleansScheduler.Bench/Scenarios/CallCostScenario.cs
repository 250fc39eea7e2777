using Microsoft.Extensions.Logging.Abstractions;
using OrleansScheduler.Redis;
using StackExchange.Redis;

namespace OrleansScheduler.Bench.Scenarios;

/// <summary>
/// What a store call costs Redis before it does any work: the same transition, given nothing to do, run
/// as a standalone EVALSHA script (every helper it includes pasted in, so built again on each call, as the
/// store called them before the function library) and as a function of the loaded library (FCALL, helpers
/// built once at FUNCTION LOAD). Server-side µs per call from INFO commandstats (usec ÷ calls of
/// <c>evalsha</c> and <c>fcall</c>). Two transitions: <c>stale</c> with no attempts (it includes the chunk and task
/// helpers) and <c>complete</c> with no completions (it includes nearly every helper, as every transition
/// that ends work does).
/// </summary>
public sealed class CallCostScenario : IScenario
{
    private const int InFlight = 50;

    /// <inheritdoc />
    public string Name => "call-cost";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var options = ConfigurationOptions.Parse(context.Redis);
        options.AllowAdmin = true;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var database = connection.GetDatabase();
        var scripts = new RedisTaskScripts(connection, NullLogger.Instance); // loads its library on the first call, as the store does

        int calls = Math.Max(100, context.Sizes.ThroughputTasks / 5);
        RedisKey queue = $"{BenchContext.NewKeyPrefix()}:{{q:call-cost}}";
        var measurements = new List<Measurement>();
        foreach (var (script, args) in new (RedisScript, RedisValue[])[] { (scripts.Stale, []), (scripts.Complete, [Now(), 0]) })
        {
            byte[] sha = await server.ScriptLoadAsync(script.StandaloneText);
            double evalsha = await MicrosPerCallAsync(context.Admin, "evalsha", calls,
                () => database.ScriptEvaluateAsync(sha, [queue], args));
            double fcall = await MicrosPerCallAsync(context.Admin, "fcall", calls,
                () => scripts.EvaluateAsync(database, script, queue, args));
            context.Log.WriteLine($"  call-cost {script.Name}: EVALSHA {evalsha:F1} µs, FCALL {fcall:F1} µs per call (Redis CPU, {calls} calls each)");
            measurements.Add(new($"{script.Name} (no work) evalsha", "µs", evalsha));
            measurements.Add(new($"{script.Name} (no work) fcall", "µs", fcall));
        }
        return measurements;
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static async Task<double> MicrosPerCallAsync(RedisAdmin admin, string command, int calls, Func<Task> call)
    {
        var before = await admin.CommandStatsAsync();
        for (int done = 0; done < calls; done += InFlight)
            await Task.WhenAll(Enumerable.Range(0, Math.Min(InFlight, calls - done)).Select(_ => call()));
        var grown = (await admin.CommandStatsAsync()).Since(before).Commands[command];
        return (double)grown.Micros / grown.Calls;
    }
}
