namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// Two silos for the whole class: the first, which tests talk to (named <see cref="GatewayName"/>, with a
/// label), and <see cref="Worker"/>, with slots of its own. Tests that drain or stop a silo start their own.
/// </summary>
public abstract class ClusterFixture(ClusterBackend backend) : SiloFixture(backend)
{
    /// <summary>The first silo's name and label.</summary>
    public const string GatewayName = "gateway-silo", Zone = "test-zone";

    /// <summary>The second silo's name.</summary>
    public const string WorkerName = "worker-silo";

    /// <summary>The second silo's slots.</summary>
    public const int WorkerCapacity = 7;

    /// <summary>The second silo.</summary>
    public SiloFactory Worker { get; private set; } = null!;

    /// <inheritdoc />
    public override string SiloName => GatewayName;

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string?> FirstSiloSettings => new Dictionary<string, string?> { ["Scheduler:Labels:zone"] = Zone };

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Worker = StartSilo(new Dictionary<string, string?> { ["Orleans:Name"] = WorkerName, ["Scheduler:Capacity"] = WorkerCapacity.ToString() });
    }
}
