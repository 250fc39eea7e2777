using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryTaskControlApiTests(InMemorySiloFixture silo) : TaskControlApiTests(silo), IClassFixture<InMemorySiloFixture>;
