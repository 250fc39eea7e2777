namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>A silo on the embedded in-memory store (the default when no Redis is configured).</summary>
public sealed class InMemorySiloFixture : SiloFixture
{
    /// <inheritdoc />
    public override string SiloId => "memory-silo";

    /// <inheritdoc />
    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());
}
