using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryExecApiTests(InMemorySiloFixture silo) : ExecApiTests(silo), IClassFixture<InMemorySiloFixture>;
