using OrleansScheduler.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class InMemoryHttpExecutorTests(ITestOutputHelper output) : HttpExecutorTests(() => new InMemoryClusterStorage(), output);
