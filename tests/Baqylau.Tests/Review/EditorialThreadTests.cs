using Baqylau.Accounts;
using Baqylau.Common;
using Baqylau.Incidents;
using Baqylau.Review;
using Baqylau.Statements;
using Baqylau.Tests.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Baqylau.Tests.Review;

/// <summary>The editorial conversation on a statement or incident, against the real database.</summary>
public class EditorialThreadTests(StatementFixture fixture) : IClassFixture<StatementFixture>
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 1, 6, 0, 0, TimeSpan.Zero));
    private readonly RecordingEvents _events = new();
    private readonly ListLogger _log = new();

    private EditorialThreadService Threads() => new(fixture.Contexts(clock: _clock), _clock, _log);

    private StatementService Statements() => new(fixture.Contexts(clock: _clock), _clock, _events, NullLogger<StatementService>.Instance);

    private StatementWorkflowService Workflow() => new(fixture.Contexts(clock: _clock), _clock, _events, NullLogger<StatementWorkflowService>.Instance);

    private StatementRevisionService History() => new(fixture.Contexts(clock: _clock), _clock, _events, NullLogger<StatementRevisionService>.Instance);

    /// <summary>A staff member with an account row, so the thread can name them.</summary>
    private async Task<StaffUser> PersonAsync(string name, Guid? organisation, string role)
    {
        await using var db = fixture.CreateContext();
        var user = new BaqylauUser { DisplayName = name, Email = $"{ShortId.New(8)}@example.org", UserName = ShortId.New(10), OrganisationId = organisation };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return new StaffUser(user.Id, organisation, [role]);
    }

    private async Task<StatementEditModel> SubmittedStatementAsync(StaffUser author)
    {
        var created = await Statements().CreateAsync(author, new StatementContent
        {
            Translations = [new TranslationContent("kk", "Талқылау " + ShortId.New(6), "Лид", "Мәтін", null, null), new TranslationContent("ru", "Обсуждение " + ShortId.New(6), "Лид", "Текст", null, null)],
        });
        await Workflow().SubmitAsync(author, created.Id, created.Version);
        return await Statements().GetAsync(author, created.Id);
    }

    [Fact]
    public async Task Author_and_editor_talk_in_one_thread_and_send_back_writes_into_it_beside_its_revision()
    {
        var author = await PersonAsync("Айгүл Автор", fixture.OrgA, Roles.Author);
        var editor = await PersonAsync("Ерлан Редактор", fixture.OrgA, Roles.Editor);
        var statement = await SubmittedStatementAsync(author);
        var subject = ThreadSubject.Statement(statement.Id);

        await Threads().AddAsync(editor, subject, "  Дереккөз қайда?  ");
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Workflow().SendBackAsync(editor, statement.Id, statement.Version, "Екі дереккөз керек");
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Threads().AddAsync(author, subject, "Қостым, қараңызшы");

        var thread = await Threads().ThreadAsync(author, subject);
        Assert.Equal(["Дереккөз қайда?", "Екі дереккөз керек", "Қостым, қараңызшы"], thread.Select(c => c.Body));
        Assert.Equal(["Ерлан Редактор", "Ерлан Редактор", "Айгүл Автор"], thread.Select(c => c.AuthorName));
        Assert.Equal([false, false, true], thread.Select(c => c.Mine));
        Assert.Equal([EditorialCommentKind.Comment, EditorialCommentKind.SendBack, EditorialCommentKind.Comment], thread.Select(c => c.Kind));

        // The send-back comment names the revision that records the send-back; the others the revision they were written on.
        var revisions = await History().RevisionsAsync(author, statement.Id);
        var sendBack = revisions.Single(r => r.Kind == RevisionKind.SendBack);
        Assert.Equal(sendBack.Number, thread[1].RevisionNumber);
        Assert.Equal(sendBack.Number - 1, thread[0].RevisionNumber);
        Assert.Equal(sendBack.Number, thread[2].RevisionNumber);
        Assert.Equal(_clock.GetUtcNow(), thread[2].At);

        // The editor sees the same thread, with their own comments marked.
        Assert.Equal([true, true, false], (await Threads().ThreadAsync(editor, subject)).Select(c => c.Mine));
    }

    [Fact]
    public async Task Another_organisations_staff_neither_read_nor_write_the_thread_but_an_admin_does()
    {
        var author = await PersonAsync("Автор А", fixture.OrgA, Roles.Author);
        var statement = await SubmittedStatementAsync(author);
        var subject = ThreadSubject.Statement(statement.Id);
        await Threads().AddAsync(author, subject, "Ішкі пікір");

        var other = new StaffUser(Guid.NewGuid(), fixture.OrgB, [Roles.Editor]);
        await Assert.ThrowsAsync<NotFoundException>(() => Threads().ThreadAsync(other, subject));
        await Assert.ThrowsAsync<NotFoundException>(() => Threads().AddAsync(other, subject, "бөгде"));
        var nobody = new StaffUser(Guid.NewGuid(), fixture.OrgA, []);
        await Assert.ThrowsAsync<ForbiddenException>(() => Threads().ThreadAsync(nobody, subject));
        await Assert.ThrowsAsync<NotFoundException>(() => Threads().ThreadAsync(author, ThreadSubject.Statement(Guid.NewGuid())));

        var admin = new StaffUser(Guid.NewGuid(), null, [Roles.Admin]);
        await Threads().AddAsync(admin, subject, "Әкімші көрді");
        Assert.Equal(["Ішкі пікір", "Әкімші көрді"], (await Threads().ThreadAsync(author, subject)).Select(c => c.Body));
    }

    [Fact]
    public async Task Blank_overlong_and_broken_comments_are_refused_by_name_and_nothing_is_written()
    {
        var author = await PersonAsync("Автор Б", fixture.OrgA, Roles.Author);
        var statement = await SubmittedStatementAsync(author);
        var subject = ThreadSubject.Statement(statement.Id);

        var blank = await Assert.ThrowsAsync<ValidationException>(() => Threads().AddAsync(author, subject, "   "));
        Assert.Equal(ReviewErrors.CommentRequired, blank.Errors[0].Key);
        var tooLong = await Assert.ThrowsAsync<ValidationException>(() => Threads().AddAsync(author, subject, new string('ә', EditorialComment.MaxLength + 1)));
        Assert.Equal(ErrorKeys.FieldTooLong, tooLong.Errors[0].Key);
        Assert.Equal(EditorialComment.MaxLength, tooLong.Errors[0].Limit);
        var broken = await Assert.ThrowsAsync<ValidationException>(() => Threads().AddAsync(author, subject, "мәтін\u0000"));
        Assert.Equal(ErrorKeys.InvalidCharacters, broken.Errors[0].Key);

        Assert.Empty(await Threads().ThreadAsync(author, subject));
    }

    [Fact]
    public async Task A_published_statements_thread_stays_readable_and_takes_no_new_comments()
    {
        var author = await PersonAsync("Автор В", fixture.OrgA, Roles.Author);
        var editor = await PersonAsync("Редактор В", fixture.OrgA, Roles.Editor);
        var statement = await SubmittedStatementAsync(author);
        var subject = ThreadSubject.Statement(statement.Id);
        await Threads().AddAsync(editor, subject, "Жарайды, жариялаймын");
        Assert.True(await Threads().IsOpenAsync(author, subject));

        await Workflow().PublishAsync(editor, statement.Id, statement.Version);

        Assert.False(await Threads().IsOpenAsync(author, subject));
        var refused = await Assert.ThrowsAsync<RuleException>(() => Threads().AddAsync(author, subject, "кеш"));
        Assert.Equal(ReviewErrors.ThreadClosed, refused.ErrorKey);
        Assert.Equal(["Жарайды, жариялаймын"], (await Threads().ThreadAsync(author, subject)).Select(c => c.Body));
    }

    [Fact]
    public async Task An_incidents_thread_belongs_to_its_organisation_and_goes_with_the_incident()
    {
        var editor = await PersonAsync("Редактор Г", fixture.OrgA, Roles.Editor);
        var incidentId = await IncidentAsync(fixture.OrgA);
        var subject = ThreadSubject.Incident(incidentId);

        await Threads().AddAsync(editor, subject, "Куәгермен сөйлестім");
        var thread = await Threads().ThreadAsync(editor, subject);
        Assert.Equal(EditorialCommentKind.Comment, Assert.Single(thread).Kind);
        Assert.Null(thread[0].RevisionNumber);
        await Assert.ThrowsAsync<NotFoundException>(() => Threads().ThreadAsync(new StaffUser(Guid.NewGuid(), fixture.OrgB, [Roles.Editor]), subject));

        await using (var db = fixture.CreateContext())
        {
            await db.Incidents.Where(i => i.Id == incidentId).ExecuteDeleteAsync();
        }

        await using var check = fixture.CreateContext();
        Assert.False(await check.EditorialComments.AnyAsync(c => c.IncidentId == incidentId));
    }

    [Fact]
    public async Task A_comments_text_reaches_neither_the_log_nor_the_audit_trail_by_value()
    {
        var author = await PersonAsync("Автор Д", fixture.OrgA, Roles.Author);
        var statement = await SubmittedStatementAsync(author);
        const string secret = "Куәгер Сәуле Нұрланқызы, тел. 777";
        var added = await Threads().AddAsync(author, ThreadSubject.Statement(statement.Id), secret);

        Assert.NotEmpty(_log.Messages);
        Assert.DoesNotContain(_log.Messages, m => m.Contains("Сәуле", StringComparison.Ordinal));
        await using var db = fixture.CreateContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.EntityType == nameof(EditorialComment) && a.EntityId == added.Id.ToString());
        var body = System.Text.Json.Nodes.JsonNode.Parse(audit.Changes)!["Body"]!;
        Assert.True(body["changed"]!.GetValue<bool>());
        Assert.Null(body["after"]);
        Assert.DoesNotContain("Сәуле", audit.Changes, StringComparison.Ordinal);
    }

    private async Task<Guid> IncidentAsync(Guid organisation)
    {
        await using var db = fixture.CreateContext();
        var category = new IncidentCategory { Slug = "thread-" + ShortId.New(6), Name = new LocalizedText("Санат", "Категория") };
        var incident = new Incident { OrganisationId = organisation, CategoryId = category.Id, RecordedAt = _clock.GetUtcNow(), CreatedAt = _clock.GetUtcNow(), UpdatedAt = _clock.GetUtcNow() };
        incident.Translations.Add(new IncidentTranslation { Culture = "kk", Title = "Оқиға" });
        db.IncidentCategories.Add(category);
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        return incident.Id;
    }

    /// <summary>Keeps every formatted log message of the thread service.</summary>
    private sealed class ListLogger : ILogger<EditorialThreadService>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
