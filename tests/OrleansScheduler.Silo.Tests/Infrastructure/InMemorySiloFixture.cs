namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>Silos on localhost clustering and the embedded in-memory store (the default when no Redis is configured).</summary>
public sealed class InMemorySiloFixture() : SiloFixture(new InMemoryBackend());
