using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryHttpExecutorApiTests(InMemorySiloFixture silo) : HttpExecutorApiTests(silo), IClassFixture<InMemorySiloFixture>;
