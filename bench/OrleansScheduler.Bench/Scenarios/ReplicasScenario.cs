using System.Diagnostics;
using System.Net;
using OrleansScheduler.Redis;
using OrleansScheduler.Tasks;
using StackExchange.Redis;

namespace OrleansScheduler.Bench.Scenarios;

/// <summary>
/// What <c>Scheduler:RedisStore:WaitReplicas</c> costs: the bench's Redis gets a replica (a redis-server this
/// scenario starts on a free loopback port with --replicaof, and stops by its pid), and the store submits the same
/// work with WaitReplicas 0 and 1: batches, a few in flight (tasks/s), and single tasks one after another (latency).
/// With 1 every store call waits for the replica's acknowledgement (WAIT) before it returns.
/// </summary>
public sealed class ReplicasScenario : IScenario
{
    private const string Queue = "replicas";

    /// <inheritdoc />
    public string Name => "replicas";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Measurement>> RunOnceAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var (host, port) = ConfigurationOptions.Parse(context.Redis).EndPoints.Single() switch
        {
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            DnsEndPoint dns => (dns.Host, dns.Port),
            var other => throw new InvalidOperationException($"The replicas scenario cannot replicate {other}."),
        };
        // the replica's first sync would otherwise wait the primary's default 5 s diskless-sync delay
        await using (var primary = await ConnectionMultiplexer.ConnectAsync(context.Redis + ",allowAdmin=true"))
            await primary.GetServer(primary.GetEndPoints()[0]).ConfigSetAsync("repl-diskless-sync-delay", 0);
        string dir = Directory.CreateTempSubdirectory("bench-replica-").FullName;
        using var replica = await StartReplicaAsync(host, port, dir, cancellationToken);
        try
        {
            var measurements = new List<Measurement>();
            foreach (int wait in new[] { 0, 1 })
            {
                var (rate, p50, p99) = await SubmitAsync(context, wait, cancellationToken);
                context.Log.WriteLine($"  replicas: WaitReplicas {wait}: batches {rate:F0}/s, one task p50 {p50:F2} ms p99 {p99:F2} ms");
                measurements.Add(new($"WaitReplicas {wait} batches", "tasks/s", rate));
                measurements.Add(new($"WaitReplicas {wait} one task p50", "ms", p50));
                measurements.Add(new($"WaitReplicas {wait} one task p99", "ms", p99));
            }
            return measurements;
        }
        finally
        {
            replica.Kill();
            await replica.WaitForExitAsync(CancellationToken.None);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(double Rate, double P50, double P99)> SubmitAsync(BenchContext context, int waitReplicas, CancellationToken cancellationToken)
    {
        string prefix = BenchContext.NewKeyPrefix();
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(context.Redis);
            var store = new RedisTaskStore(connection, new RedisStoreOptions { KeyPrefix = prefix, WaitReplicas = waitReplicas }, TimeProvider.System);
            int tasks = context.Sizes.ReplicaTasks;
            var batches = TaskBatches.Echo(Queue, tasks, Math.Min(100, context.Sizes.BatchSize));
            await store.SubmitAsync(batches[0][..1], cancellationToken); // loads the library
            var stopwatch = Stopwatch.StartNew();
            await TaskBatches.SubmitAsync(store, batches, cancellationToken);
            double rate = tasks / stopwatch.Elapsed.TotalSeconds;

            var latencies = new List<double>(tasks / 10);
            for (int i = 0; i < tasks / 10; i++)
            {
                long started = Stopwatch.GetTimestamp();
                await store.SubmitAsync([new TaskSubmission { Type = "echo", Queue = Queue, Payload = "{}" }], cancellationToken);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            latencies.Sort();
            return (rate, Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 99));
        }
        finally
        {
            await context.Admin.DeleteKeysAsync(prefix);
        }
    }

    /// <summary>A redis-server in <paramref name="dir"/> replicating the primary, once it is in sync.</summary>
    private static async Task<Process> StartReplicaAsync(string host, int primaryPort, string dir, CancellationToken cancellationToken)
    {
        int port = FreePort();
        var info = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, WorkingDirectory = dir };
        foreach (string arg in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--dir", dir,
            "--replicaof", host, primaryPort.ToString() })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=false,allowAdmin=true");
        var watch = Stopwatch.StartNew();
        while (!((await TryInfoAsync(admin, port)) ?? "").Contains("master_link_status:up", StringComparison.Ordinal))
        {
            if (process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(30))
                throw new InvalidOperationException($"The replica on port {port} did not sync with {host}:{primaryPort} within 30 s.");
            await Task.Delay(50, cancellationToken); // polling while the replica syncs
        }
        return process;
    }

    private static async Task<string?> TryInfoAsync(ConnectionMultiplexer admin, int port)
    {
        try { return await admin.GetServer(IPAddress.Loopback, port).InfoRawAsync("replication"); }
        catch (RedisException) { return null; }
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
