using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryGrainTargetApiTests(InMemorySiloFixture silo) : GrainTargetApiTests(silo), IClassFixture<InMemorySiloFixture>;
