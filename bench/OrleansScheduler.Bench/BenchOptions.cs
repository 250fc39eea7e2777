using System.Globalization;

namespace OrleansScheduler.Bench;

/// <summary>The command line: <c>--redis HOST:PORT [--redis-cluster HOST:PORT,…] [--scenario name]… [--smoke] [--repeat N] [--json path]</c>.</summary>
public sealed record BenchOptions
{
    /// <summary>The Redis server under test (a StackExchange.Redis configuration string).</summary>
    public required string Redis { get; init; }

    /// <summary>
    /// The endpoints of a Redis Cluster for the cluster scenario, comma-separated (a StackExchange.Redis
    /// configuration string); null: that scenario is skipped.
    /// </summary>
    public string? RedisCluster { get; init; }

    /// <summary>The scenarios to run; empty means all.</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [];

    /// <summary>Tiny sizes (CI).</summary>
    public bool Smoke { get; init; }

    /// <summary>Runs per scenario; default 3, or 1 with <see cref="Smoke"/>.</summary>
    public int Repeat { get; init; }

    /// <summary>Where to write the JSON figures; null writes none.</summary>
    public string? JsonPath { get; init; }

    /// <summary>The usage line.</summary>
    public const string Usage = "usage: OrleansScheduler.Bench --redis HOST:PORT [--redis-cluster HOST:PORT,HOST:PORT,...] [--scenario NAME]... [--smoke] [--repeat N] [--json PATH]";

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing value, or no --redis.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        string? redis = null, cluster = null, json = null;
        int? repeat = null;
        bool smoke = false;
        var scenarios = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--redis": redis = Value(args, ref i); break;
                case "--redis-cluster": cluster = Value(args, ref i); break;
                case "--scenario": scenarios.AddRange(Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                case "--smoke": smoke = true; break;
                case "--json": json = Value(args, ref i); break;
                case "--repeat":
                    string text = Value(args, ref i);
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
                        throw new ArgumentException($"--repeat must be a whole number ≥ 1, not '{text}'.");
                    repeat = n;
                    break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'. {Usage}");
            }
        }
        if (string.IsNullOrWhiteSpace(redis)) throw new ArgumentException($"--redis is required. {Usage}");
        return new BenchOptions { Redis = redis, RedisCluster = cluster, Scenarios = scenarios, Smoke = smoke, Repeat = repeat ?? (smoke ? 1 : 3), JsonPath = json };
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            throw new ArgumentException($"{args[i]} needs a value. {Usage}");
        return args[++i];
    }
}
