using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class InMemoryScheduleApiTests(InMemorySiloFixture silo) : ScheduleApiTests(silo), IClassFixture<InMemorySiloFixture>;
