using OrleansScheduler.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class InMemoryGrainTargetTests(ITestOutputHelper output) : GrainTargetTests(() => new InMemoryClusterStorage(), output);
