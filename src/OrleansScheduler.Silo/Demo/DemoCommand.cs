using System.Globalization;
using Microsoft.Extensions.Options;
using OrleansScheduler.Client;

namespace OrleansScheduler.Silo.Demo;

/// <summary>
/// <c>demo [--tasks N] [--timeout SECONDS] [silo options]</c>: starts an Orleans silo in this process
/// (localhost clustering and the embedded store unless <c>--redis</c> says otherwise), runs the
/// <see cref="DemoWorkload"/> against its HTTP API and exits with the report's exit code.
/// <c>demo mapreduce [--n N] [--chunk C] [--timeout SECONDS] [silo options]</c> runs the
/// <see cref="MapReduceDemo"/> instead.
/// </summary>
internal static class DemoCommand
{
    private const int UsageError = 64, Interrupted = 130;

    /// <summary>True when the command line asks for the demo.</summary>
    public static bool IsDemo(string[] args) => args.Length > 0 && args[0].Equals("demo", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs the demo with the arguments after <c>demo</c>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        bool mapReduce = args.Length > 0 && args[0].Equals("mapreduce", StringComparison.OrdinalIgnoreCase);
        var options = new DemoOptions();
        var mapReduceOptions = new MapReduceOptions();
        List<string> siloArgs;
        string? problem;
        bool parsed = mapReduce ? TryParseMapReduce(args[1..], out mapReduceOptions, out siloArgs, out problem) : TryParse(args, out options, out siloArgs, out problem);
        if (!parsed)
        {
            await error.WriteLineAsync($"{problem}\nUsage: demo [--tasks N] [--timeout SECONDS] [--urls URL] [--redis HOST:PORT]\n" +
                "       demo mapreduce [--n N] [--chunk C] [--timeout SECONDS] [--urls URL] [--redis HOST:PORT]");
            return UsageError;
        }

        using var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };

        WebApplication app;
        try
        {
            // The demo prints its own progress; the host's information logs and the warning each
            // deliberate `fail` attempt logs would drown it. Real errors still show.
            app = SiloApplication.Create(siloArgs, builder =>
            {
                var quiet = new Dictionary<string, string?>
                {
                    ["Logging:LogLevel:Default"] = "Warning",
                    ["Logging:LogLevel:OrleansScheduler.Handlers"] = "Error",
                };
                // The demo's silo talks to no other silo: it takes free ports rather than Orleans' defaults, which another silo may hold.
                if (builder.Configuration[SiloConfiguration.SiloPort] is null) quiet[SiloConfiguration.SiloPort] = FreePort().ToString(CultureInfo.InvariantCulture);
                if (builder.Configuration[SiloConfiguration.GatewayPort] is null) quiet[SiloConfiguration.GatewayPort] = FreePort().ToString(CultureInfo.InvariantCulture);
                builder.Configuration.AddInMemoryCollection(quiet);
            });
        }
        catch (Exception e) when (e is ArgumentException or OptionsValidationException)
        {
            // A bad shortcut, or bad settings (the host reads DrainTimeout for its shutdown timeout while it is built).
            await error.WriteLineAsync(e.Message);
            return UsageError;
        }

        try
        {
            await app.StartAsync(interrupt.Token);
        }
        catch (Exception e) when (e is OptionsValidationException or IOException)
        {
            // Bad settings, or the port is taken (IOException: address in use).
            await error.WriteLineAsync($"The silo did not start: {e.Message}" + (e is IOException ? " Pick another address with --urls." : ""));
            await app.DisposeAsync();
            return UsageError;
        }

        try
        {
            var gateway = GatewayAddress(app.Urls);
            using var http = new HttpClient { BaseAddress = gateway };
            if (mapReduce)
            {
                await output.WriteLineAsync($"Silo started; gateway at {gateway}. Running the map-reduce example…");
                return await new MapReduceDemo(new SchedulerClient(http), output).RunAsync(mapReduceOptions, interrupt.Token);
            }
            await output.WriteLineAsync($"Silo started; gateway at {gateway}. Running {options.Tasks} tasks…");
            var report = await new DemoWorkload(new SchedulerClient(http), output).RunAsync(options, interrupt.Token);
            return report.ExitCode;
        }
        catch (Exception e) when (e is SchedulerApiException or HttpRequestException)
        {
            await error.WriteLineAsync($"The gateway did not take the demo's requests: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            await error.WriteLineAsync("Interrupted.");
            return Interrupted;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    private static bool TryParse(string[] args, out DemoOptions options, out List<string> siloArgs, out string? problem)
    {
        options = new DemoOptions();
        siloArgs = [];
        problem = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--tasks":
                    if (!TryNumber(args, ref i, 1, 100_000, out long tasks)) return Refuse("--tasks needs a number from 1 to 100000.", out problem);
                    options = options with { Tasks = (int)tasks };
                    break;
                case "--timeout":
                    if (!TryNumber(args, ref i, 1, int.MaxValue, out long seconds)) return Refuse("--timeout needs a number of seconds greater than 0.", out problem);
                    options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
                    break;
                default:
                    siloArgs.Add(args[i]);
                    break;
            }
        }
        return true;
    }

    private static bool TryParseMapReduce(string[] args, out MapReduceOptions options, out List<string> siloArgs, out string? problem)
    {
        options = new MapReduceOptions();
        siloArgs = [];
        problem = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--n":
                    if (!TryNumber(args, ref i, 1, 1_000_000_000_000, out long n)) return Refuse("--n needs a number from 1 to 1000000000000.", out problem);
                    options = options with { N = n };
                    break;
                case "--chunk":
                    if (!TryNumber(args, ref i, 1, long.MaxValue, out long chunk)) return Refuse("--chunk needs a number greater than 0.", out problem);
                    options = options with { Chunk = chunk };
                    break;
                case "--timeout":
                    if (!TryNumber(args, ref i, 1, int.MaxValue, out long seconds)) return Refuse("--timeout needs a number of seconds greater than 0.", out problem);
                    options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
                    break;
                default:
                    siloArgs.Add(args[i]);
                    break;
            }
        }
        long children = (options.N + options.Chunk - 1) / options.Chunk;
        if (children > 100_000) return Refuse($"--n {options.N} in chunks of {options.Chunk} makes {children} children; the demo allows up to 100000 (raise --chunk).", out problem);
        return true;
    }

    /// <summary>The whole number after the option at <paramref name="i"/> (which then points at it), when there is one from <paramref name="min"/> to <paramref name="max"/>.</summary>
    private static bool TryNumber(string[] args, ref int i, long min, long max, out long value)
    {
        value = 0;
        if (i + 1 >= args.Length || !long.TryParse(args[i + 1], CultureInfo.InvariantCulture, out value) || value < min || value > max) return false;
        i++;
        return true;
    }

    private static bool Refuse(string message, out string? problem)
    {
        problem = message;
        return false;
    }

    /// <summary>A port no one listens on now (the OS picks it).</summary>
    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An address a client can reach: a wildcard host ("0.0.0.0", "[::]", "+", "*") becomes the loopback address.</summary>
    private static Uri GatewayAddress(ICollection<string> urls)
    {
        string url = urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? urls.First();
        var builder = new UriBuilder(url.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1"));
        if (builder.Host is "0.0.0.0" or "[::]" or "::") builder.Host = "127.0.0.1";
        return builder.Uri;
    }
}
