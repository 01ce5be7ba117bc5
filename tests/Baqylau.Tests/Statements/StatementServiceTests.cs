using Baqylau.Accounts;
using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Organisations;
using Baqylau.Publishing;
using Baqylau.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Baqylau.Tests.Statements;

/// <summary>Two organisations, a rubric, tags and a campaign-free world for statement tests.</summary>
public sealed class StatementFixture : TwoOrganisationsFixture
{
    public Guid Rubric { get; } = Guid.CreateVersion7();

    public Guid TagOne { get; } = Guid.CreateVersion7();

    public Guid TagTwo { get; } = Guid.CreateVersion7();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = CreateContext();
        db.Rubrics.Add(new Rubric { Id = Rubric, Slug = "statements", Name = new LocalizedText("Мәлімдемелер", "Заявления") });
        db.Tags.AddRange(
            new Tag { Id = TagOne, Slug = "observers", Name = new LocalizedText("Байқаушылар", "Наблюдатели") },
            new Tag { Id = TagTwo, Slug = "safety", Name = new LocalizedText("Қауіпсіздік", "Безопасность") });
        await db.SaveChangesAsync();
    }
}

public class StatementServiceTests(StatementFixture fixture) : IClassFixture<StatementFixture>
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 1, 6, 0, 0, TimeSpan.Zero));
    private readonly RecordingEvents _events = new();

    private StaffUser Author => new(Guid.NewGuid(), fixture.OrgA, [Roles.Author]);

    private StaffUser Editor => new(Guid.NewGuid(), fixture.OrgA, [Roles.Editor]);

    private StaffUser OtherEditor => new(Guid.NewGuid(), fixture.OrgB, [Roles.Editor]);

    private static StaffUser Admin => new(Guid.NewGuid(), null, [Roles.Admin]);

    /// <summary>The four statement services over this fixture's database, this test's clock and events.</summary>
    private sealed record Services(StatementService Statements, StatementWorkflowService Workflow, StatementRevisionService History, StatementPhotoService Photos);

    private Services Service()
    {
        var contexts = fixture.Contexts(clock: _clock);
        return new Services(
            new StatementService(contexts, _clock, _events, NullLogger<StatementService>.Instance),
            new StatementWorkflowService(contexts, _clock, _events, NullLogger<StatementWorkflowService>.Instance),
            new StatementRevisionService(contexts, _clock, _events, NullLogger<StatementRevisionService>.Instance),
            new StatementPhotoService(contexts, _clock, NullLogger<StatementPhotoService>.Instance));
    }

    private static StatementContent Content(string kkTitle, string? ruTitle, string body = "Бірінші жол\nЕкінші жол", string ruBody = "Первая строка\nВторая строка") =>
        new()
        {
            Translations = ruTitle is null
                ? [new TranslationContent("kk", kkTitle, "Лид", body, null, null)]
                : [new TranslationContent("kk", kkTitle, "Лид", body, null, null), new TranslationContent("ru", ruTitle, "Лид", ruBody, null, null)],
        };

    private static string Unique(string title) => $"{title} {ShortId.New(6)}";

    [Fact]
    public async Task Every_save_writes_a_revision_with_a_full_snapshot_and_the_next_number()
    {
        var service = Service();
        var author = Author;
        var created = await service.Statements.CreateAsync(author, Content(Unique("Сайлау"), Unique("Выборы")) with { RubricId = fixture.Rubric, TagIds = [fixture.TagOne] });
        var second = await service.Statements.SaveAsync(author, created.Id, Content("Жаңа тақырып", "Новый заголовок"), created.Version);
        var third = await service.Statements.SaveAsync(author, created.Id, Content("Жаңа тақырып", "Новый заголовок", "Бір жол"), second.Version);

        Assert.Equal([1, 2, 3], new[] { created.RevisionNumber, second.RevisionNumber, third.RevisionNumber });
        var revisions = await service.History.RevisionsAsync(author, created.Id);
        Assert.Equal([3, 2, 1], revisions.Select(r => r.Number));
        Assert.Equal(RevisionKind.Create, revisions[^1].Kind);

        await using var db = fixture.CreateContext();
        var json = await db.StatementRevisions.Where(r => r.StatementId == created.Id && r.Number == 1).Select(r => r.Snapshot).SingleAsync();
        var snapshot = StatementSnapshot.FromJson(json);
        Assert.Equal(fixture.Rubric, snapshot.RubricId);
        Assert.Equal([fixture.TagOne], snapshot.TagIds);
        Assert.Equal(2, snapshot.Translations.Count);
        Assert.Contains(snapshot.Translations, t => t.Culture == "ru" && t.Body == "Первая строка\nВторая строка" && t.Slug.StartsWith("vybory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Author_submits_and_cannot_publish_the_editor_publishes()
    {
        var service = Service();
        var author = Author;
        var s = await service.Statements.CreateAsync(author, Content(Unique("Мәлімдеме"), Unique("Заявление")));
        var submitted = await service.Workflow.SubmitAsync(author, s.Id, s.Version);

        await Assert.ThrowsAsync<ForbiddenException>(() => service.Workflow.PublishAsync(author, s.Id, submitted.Version));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.Workflow.ScheduleAsync(author, s.Id, submitted.Version, _clock.GetUtcNow().AddDays(1)));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.Workflow.SendBackAsync(author, s.Id, submitted.Version, "жоқ"));
        Assert.Empty(_events.Statements);

        var published = await service.Workflow.PublishAsync(Editor, s.Id, submitted.Version);
        var model = await service.Statements.GetAsync(author, s.Id);
        Assert.Equal(StatementStatus.Published, model.Status);
        Assert.Equal(_clock.GetUtcNow(), model.PublishedAt);
        Assert.Equal(published.Version, model.Version);
        Assert.Equal([s.Id], _events.Statements);
        Assert.False(model.Actions.CanEdit, "an author cannot edit a published statement");
        Assert.Equal(RevisionKind.Publish, (await service.History.RevisionsAsync(author, s.Id))[0].Kind);
    }

    [Fact]
    public async Task Staff_of_another_organisation_can_neither_read_nor_change_a_statement_but_the_platform_admin_can()
    {
        var service = Service();
        var s = await service.Statements.CreateAsync(Author, Content(Unique("Ішкі"), Unique("Внутреннее")));

        await Assert.ThrowsAsync<NotFoundException>(() => service.Statements.GetAsync(OtherEditor, s.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => service.Statements.SaveAsync(OtherEditor, s.Id, Content("Бөтен", "Чужое"), s.Version));
        await Assert.ThrowsAsync<NotFoundException>(() => service.Workflow.PublishAsync(OtherEditor, s.Id, s.Version));
        await Assert.ThrowsAsync<NotFoundException>(() => service.History.RevisionsAsync(OtherEditor, s.Id));
        var list = await service.Statements.ListAsync(OtherEditor, new StatementListQuery { PageSize = 200 });
        Assert.DoesNotContain(list.Items, r => r.Id == s.Id);

        var admin = Admin;
        Assert.Contains((await service.Statements.ListAsync(admin, new StatementListQuery { OrganisationId = fixture.OrgA, PageSize = 200 })).Items, r => r.Id == s.Id);
        var published = await service.Workflow.PublishAsync(admin, s.Id, s.Version);
        Assert.Equal(StatementStatus.Published, (await service.Statements.GetAsync(admin, s.Id)).Status);
        Assert.True(published.Version != s.Version);
    }

    [Fact]
    public async Task Send_back_needs_a_comment_which_the_author_then_sees()
    {
        var service = Service();
        var author = Author;
        var s = await service.Statements.CreateAsync(author, Content(Unique("Қайтару"), Unique("Возврат")));
        var submitted = await service.Workflow.SubmitAsync(author, s.Id, s.Version);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => service.Workflow.SendBackAsync(Editor, s.Id, submitted.Version, "  "));
        Assert.Equal(StatementErrors.CommentRequired, refused.Errors[0].Key);

        await service.Workflow.SendBackAsync(Editor, s.Id, submitted.Version, "Дереккөзді көрсетіңіз");
        var model = await service.Statements.GetAsync(author, s.Id);
        Assert.Equal(StatementStatus.Draft, model.Status);
        Assert.Equal("Дереккөзді көрсетіңіз", model.ReviewComment);
        var revision = (await service.History.RevisionsAsync(author, s.Id))[0];
        Assert.Equal(RevisionKind.SendBack, revision.Kind);
        Assert.Equal("Дереккөзді көрсетіңіз", revision.Comment);

        // Submitted again, the old comment no longer shows.
        await service.Workflow.SubmitAsync(author, s.Id, model.Version);
        Assert.Null((await service.Statements.GetAsync(author, s.Id)).ReviewComment);
    }

    [Fact]
    public async Task A_published_text_changes_only_through_a_correction_with_a_dated_note()
    {
        var service = Service();
        var editor = Editor;
        var s = await service.Statements.CreateAsync(editor, Content(Unique("Түзету"), Unique("Поправка")));
        var published = await service.Workflow.PublishAsync(editor, s.Id, s.Version);

        await Assert.ThrowsAsync<RuleException>(() => service.Statements.SaveAsync(editor, s.Id, Content("Басқа", "Другое"), published.Version));
        var noNote = await Assert.ThrowsAsync<RuleException>(() => service.Workflow.CorrectAsync(editor, s.Id, published.Version, Content("Басқа", "Другое"), new LocalizedText()));
        Assert.Equal(StatementErrors.CorrectionNoteRequired, noNote.ErrorKey);
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            service.Workflow.CorrectAsync(Author, s.Id, published.Version, null, new LocalizedText("Түзетілді", "")));

        _clock.Advance(TimeSpan.FromHours(3));
        var model0 = await service.Statements.GetAsync(editor, s.Id);
        var changed = Content(model0.Content.Translation("kk")!.Title, model0.Content.Translation("ru")!.Title, "Түзетілген мәтін");
        var note = new LocalizedText("Сан түзетілді", "");
        await service.Workflow.CorrectAsync(editor, s.Id, published.Version, changed, note);

        var model = await service.Statements.GetAsync(editor, s.Id);
        Assert.Equal(StatementStatus.Corrected, model.Status);
        var correction = Assert.Single(model.Corrections);
        Assert.Equal(_clock.GetUtcNow(), correction.At);
        Assert.Equal("Сан түзетілді", correction.Note.Kk);
        Assert.Equal("Түзетілген мәтін", model.Content.Translation("kk")!.Body);
        Assert.Equal(2, _events.Statements.Count(id => id == s.Id));
    }

    [Fact]
    public async Task Retraction_needs_a_public_reason()
    {
        var service = Service();
        var editor = Editor;
        var s = await service.Statements.CreateAsync(editor, Content(Unique("Кері"), Unique("Отзыв")));
        var draftRetract = await Assert.ThrowsAsync<RuleException>(() => service.Workflow.RetractAsync(editor, s.Id, s.Version, new LocalizedText("Себеп", "Причина")));
        Assert.Equal(StatementErrors.NotPublished, draftRetract.ErrorKey);
        var published = await service.Workflow.PublishAsync(editor, s.Id, s.Version);

        var noReason = await Assert.ThrowsAsync<RuleException>(() => service.Workflow.RetractAsync(editor, s.Id, published.Version, new LocalizedText(" ", "")));
        Assert.Equal(StatementErrors.RetractionReasonRequired, noReason.ErrorKey);
        await Assert.ThrowsAsync<ForbiddenException>(() => service.Workflow.RetractAsync(Author, s.Id, published.Version, new LocalizedText("Себеп", "Причина")));

        await service.Workflow.RetractAsync(editor, s.Id, published.Version, new LocalizedText("", "Факты не подтвердились"));
        var model = await service.Statements.GetAsync(editor, s.Id);
        Assert.Equal(StatementStatus.Retracted, model.Status);
        Assert.Equal("Факты не подтвердились", model.RetractionReason.Ru);
        Assert.Equal(_clock.GetUtcNow(), model.RetractedAt);
        Assert.False(model.Actions.CanEdit);
        await Assert.ThrowsAsync<RuleException>(() => service.Statements.SaveAsync(editor, s.Id, Content("Жаңа", "Новое"), model.Version));
    }

    [Fact]
    public async Task Publishing_with_a_missing_translation_needs_the_editors_explicit_flag()
    {
        var service = Service();
        var editor = Editor;
        var s = await service.Statements.CreateAsync(editor, Content(Unique("Тек қазақша"), null));

        var refused = await Assert.ThrowsAsync<RuleException>(() => service.Workflow.PublishAsync(editor, s.Id, s.Version));
        Assert.Equal(StatementErrors.MissingTranslation, refused.ErrorKey);
        await Assert.ThrowsAsync<RuleException>(() => service.Workflow.ScheduleAsync(editor, s.Id, s.Version, _clock.GetUtcNow().AddHours(1)));

        await service.Workflow.PublishAsync(editor, s.Id, s.Version, allowMissingTranslation: true);
        var model = await service.Statements.GetAsync(editor, s.Id);
        Assert.Equal(StatementStatus.Published, model.Status);
        Assert.Equal(["ru"], model.Parity.Missing);
    }

    [Fact]
    public async Task A_stale_save_throws_a_conflict_carrying_the_servers_version_and_overwriting_on_top_of_it_works()
    {
        var alice = Service();
        var bob = Service();
        var author = Author;
        var s = await alice.Statements.CreateAsync(author, Content(Unique("Қақтығыс"), Unique("Конфликт")));
        var bobSaved = await bob.Statements.SaveAsync(author, s.Id, Content("Бобтың нұсқасы", "Версия Боба"), s.Version);

        var conflict = await Assert.ThrowsAsync<ConflictException<StatementEditModel>>(() =>
            alice.Statements.SaveAsync(author, s.Id, Content("Алисаның нұсқасы", "Версия Алисы"), s.Version));
        Assert.Equal(bobSaved.Version, conflict.Current.Version);
        Assert.Equal("Бобтың нұсқасы", conflict.Current.Content.Translation("kk")!.Title);

        // Nothing of Alice's was written; keeping hers means saving again on top of the current version.
        Assert.Equal("Бобтың нұсқасы", (await alice.Statements.GetAsync(author, s.Id)).Content.Translation("kk")!.Title);
        await alice.Statements.SaveAsync(author, s.Id, Content("Алисаның нұсқасы", "Версия Алисы"), conflict.Current.Version);
        Assert.Equal("Алисаның нұсқасы", (await bob.Statements.GetAsync(author, s.Id)).Content.Translation("kk")!.Title);
    }

    [Fact]
    public async Task A_save_racing_in_between_load_and_write_is_caught_by_xmin()
    {
        var author = Author;
        var service = Service();
        var s = await service.Statements.CreateAsync(author, Content(Unique("Жарыс"), Unique("Гонка")));
        // Change the row behind the service's back, after it could have checked the version in memory.
        await using (var db = fixture.CreateContext())
        {
            var row = await db.Statements.SingleAsync(x => x.Id == s.Id);
            row.UpdatedAt = row.UpdatedAt.AddSeconds(1);
            await db.SaveChangesAsync();
        }

        var conflict = await Assert.ThrowsAsync<ConflictException<StatementEditModel>>(() => service.Statements.SaveAsync(author, s.Id, Content("Кеш", "Поздно"), s.Version));
        Assert.NotEqual(s.Version, conflict.Current.Version);
    }

    [Fact]
    public async Task Slugs_are_unique_per_language_and_fixed_at_first_publication()
    {
        var service = Service();
        var editor = Editor;
        var title = "Бірегей тақырып " + ShortId.New(6);
        var baseSlug = Baqylau.Localization.Slugs.Slugify(title);
        var first = await service.Statements.CreateAsync(editor, Content(title, "Один заголовок " + ShortId.New(6)));
        var second = await service.Statements.CreateAsync(editor, Content(title, "Другой заголовок " + ShortId.New(6)));
        Assert.Equal(baseSlug, (await service.Statements.GetAsync(editor, first.Id)).Slugs["kk"]);
        Assert.Equal(baseSlug + "-2", (await service.Statements.GetAsync(editor, second.Id)).Slugs["kk"]);

        // Before publication the slug follows the headline.
        var renamed = await service.Statements.SaveAsync(editor, first.Id, Content(title + " жаңа", "Один заголовок"), first.Version);
        Assert.Equal(Baqylau.Localization.Slugs.Slugify(title + " жаңа"), (await service.Statements.GetAsync(editor, first.Id)).Slugs["kk"]);

        var published = await service.Workflow.PublishAsync(editor, first.Id, renamed.Version);
        var slugsAtPublication = (await service.Statements.GetAsync(editor, first.Id)).Slugs;
        var corrected = await service.Workflow.CorrectAsync(editor, first.Id, published.Version, Content("Мүлде басқа тақырып", "Совсем другой заголовок"),
            new LocalizedText("Тақырып нақтыланды", "Заголовок уточнён"));
        Assert.Equal(slugsAtPublication, (await service.Statements.GetAsync(editor, first.Id)).Slugs);

        // Only on the editor's explicit request does the URL change.
        await service.Workflow.CorrectAsync(editor, first.Id, corrected.Version, Content("Мүлде басқа тақырып " + ShortId.New(4), "Совсем другой заголовок"),
            new LocalizedText("Тақырып өзгертілді", ""), new SaveOptions(UpdateSlugs: true));
        var after = (await service.Statements.GetAsync(editor, first.Id)).Slugs;
        Assert.StartsWith("mulde-basqa-taqyryp", after["kk"], StringComparison.Ordinal);
        Assert.Equal(slugsAtPublication["ru"], after["ru"]);

        // The URL readers already had keeps answering: the old slug is in the history, pointing at this statement.
        await using var db = fixture.CreateContext();
        var history = await db.StatementSlugHistory.AsNoTracking().Where(h => h.StatementId == first.Id).ToListAsync();
        var moved = Assert.Single(history);
        Assert.Equal(("kk", slugsAtPublication["kk"]), (moved.Culture, moved.Slug));
    }

    [Fact]
    public async Task Parity_is_judged_by_content_a_language_behind_the_other_is_outdated_until_edited_or_checked()
    {
        var service = Service();
        var editor = Editor;
        var inStep = await service.Statements.CreateAsync(editor, Content(Unique("Тең"), Unique("Ровно")));
        var missing = await service.Statements.CreateAsync(editor, Content(Unique("Жалғыз"), null));
        var lagging = await service.Statements.CreateAsync(editor, Content(Unique("Ескі"), Unique("Старое")));
        var model = await service.Statements.GetAsync(editor, lagging.Id);
        Assert.True(model.Parity.IsOk, "both written in one save are in step");

        // A minute later only the Russian body changes: however little time passed, the Kazakh text is now behind.
        _clock.Advance(TimeSpan.FromMinutes(1));
        var ruOnly = await service.Statements.SaveAsync(editor, lagging.Id, model.Content with
        {
            Translations = [model.Content.Translation("kk")!, model.Content.Translation("ru")! with { Body = "Исправленный текст" }],
        }, lagging.Version);
        Assert.Equal("kk", (await service.Statements.GetAsync(editor, lagging.Id)).Parity.Outdated);

        // A save that changes nothing in the texts moves nothing.
        var unchanged = await service.Statements.SaveAsync(editor, lagging.Id, (await service.Statements.GetAsync(editor, lagging.Id)).Content with { TagIds = [fixture.TagOne] }, ruOnly.Version);
        Assert.Equal("kk", (await service.Statements.GetAsync(editor, lagging.Id)).Parity.Outdated);

        Assert.True((await service.Statements.GetAsync(editor, inStep.Id)).Parity.IsOk);
        Assert.Equal(["ru"], (await service.Statements.GetAsync(editor, missing.Id)).Parity.Missing);
        var flagged = await service.Statements.ListAsync(editor, new StatementListQuery { ParityProblemsOnly = true, PageSize = 200 });
        Assert.Contains(flagged.Items, r => r.Id == missing.Id);
        Assert.Contains(flagged.Items, r => r.Id == lagging.Id && r.Parity.Outdated == "kk");
        Assert.DoesNotContain(flagged.Items, r => r.Id == inStep.Id);

        // Checking the language that is in step is refused; checking the outdated one clears it, as a revision.
        var notBehind = await Assert.ThrowsAsync<RuleException>(() => service.Statements.MarkTranslationCheckedAsync(editor, lagging.Id, "ru", unchanged.Version));
        Assert.Equal(StatementErrors.TranslationNotOutdated, notBehind.ErrorKey);
        var checkedKk = await service.Statements.MarkTranslationCheckedAsync(editor, lagging.Id, "kk", unchanged.Version);
        Assert.True(checkedKk.Statement.Parity.IsOk);
        var revision = (await service.History.RevisionsAsync(editor, lagging.Id))[0];
        Assert.Equal((RevisionKind.TranslationChecked, "kk"), (revision.Kind, revision.Comment));
        Assert.DoesNotContain((await service.Statements.ListAsync(editor, new StatementListQuery { ParityProblemsOnly = true, PageSize = 200 })).Items, r => r.Id == lagging.Id);

        // Editing the Kazakh text after a Russian change clears it the same way.
        var current = await service.Statements.GetAsync(editor, lagging.Id);
        var ruAgain = await service.Statements.SaveAsync(editor, lagging.Id, current.Content with
        {
            Translations = [current.Content.Translation("kk")!, current.Content.Translation("ru")! with { Lead = "Новый лид" }],
        }, checkedKk.Version);
        Assert.Equal("kk", ruAgain.Statement.Parity.Outdated);
        var kkToo = await service.Statements.SaveAsync(editor, lagging.Id, ruAgain.Statement.Content with
        {
            Translations = [ruAgain.Statement.Content.Translation("kk")! with { Lead = "Жаңа лид" }, ruAgain.Statement.Content.Translation("ru")!],
        }, ruAgain.Version);
        Assert.True(kkToo.Statement.Parity.IsOk);
    }

    [Fact]
    public async Task A_language_added_later_is_a_translation_in_step_not_a_reason_to_flag_the_other()
    {
        var service = Service();
        var editor = Editor;
        var s = await service.Statements.CreateAsync(editor, Content(Unique("Кейін"), null));
        var model = await service.Statements.GetAsync(editor, s.Id);
        var both = await service.Statements.SaveAsync(editor, s.Id, Content(model.Content.Translation("kk")!.Title, Unique("Позже")), s.Version);
        Assert.True(both.Statement.Parity.IsOk);
    }

    [Fact]
    public async Task Marking_a_translation_checked_needs_access_and_an_author_cannot_on_a_published_statement()
    {
        var service = Service();
        var author = Author;
        var s = await service.Statements.CreateAsync(author, Content(Unique("Белгі"), Unique("Отметка")));
        var model = await service.Statements.GetAsync(author, s.Id);
        var ruOnly = await service.Statements.SaveAsync(author, s.Id, model.Content with
        {
            Translations = [model.Content.Translation("kk")!, model.Content.Translation("ru")! with { Body = "Другое" }],
        }, s.Version);
        await Assert.ThrowsAsync<NotFoundException>(() => service.Statements.MarkTranslationCheckedAsync(OtherEditor, s.Id, "kk", ruOnly.Version));
        var published = await service.Workflow.PublishAsync(Editor, s.Id, ruOnly.Version);
        await Assert.ThrowsAsync<ForbiddenException>(() => service.Statements.MarkTranslationCheckedAsync(author, s.Id, "kk", published.Version));
        var checkedByEditor = await service.Statements.MarkTranslationCheckedAsync(Editor, s.Id, "kk", published.Version);
        Assert.True(checkedByEditor.Statement.Parity.IsOk);
        Assert.Equal(StatementStatus.Published, checkedByEditor.Statement.Status);
    }

    [Fact]
    public async Task Two_revisions_diff_field_by_field_with_a_line_diff_and_restoring_is_a_new_revision()
    {
        var service = Service();
        var author = Author;
        var s = await service.Statements.CreateAsync(author, Content(Unique("Тарих"), "История", "бір\nекі\nүш"));
        var v2 = await service.Statements.SaveAsync(author, s.Id, Content((await service.Statements.GetAsync(author, s.Id)).Content.Translation("kk")!.Title, "История (правка)", "бір\nЕКІ\nүш\nтөрт")
            with
        { TagIds = [fixture.TagTwo] }, s.Version);

        var diff = await service.History.DiffAsync(author, s.Id, 1, 2);
        Assert.Contains(diff.Fields, f => f.Field == StatementFields.Title && f.Lang == "ru" && f.Before == "История" && f.After == "История (правка)");
        Assert.DoesNotContain(diff.Fields, f => f.Field == StatementFields.Title && f.Lang == "kk");
        Assert.Contains(diff.Fields, f => f.Field == StatementFields.Tags && f.After == "Қауіпсіздік");
        var body = Assert.Single(diff.Fields, f => f.Field == StatementFields.Body && f.Lang == "kk");
        Assert.Equal(
            [(DiffOp.Same, "бір"), (DiffOp.Removed, "екі"), (DiffOp.Added, "ЕКІ"), (DiffOp.Same, "үш"), (DiffOp.Added, "төрт")],
            body.Lines!.Select(l => (l.Op, l.Text)));

        var restored = await service.History.RestoreAsync(author, s.Id, 1, v2.Version);
        Assert.Equal(3, restored.RevisionNumber);
        var model = await service.Statements.GetAsync(author, s.Id);
        Assert.Equal("бір\nекі\nүш", model.Content.Translation("kk")!.Body);
        Assert.Equal("История", model.Content.Translation("ru")!.Title);
        Assert.Empty(model.Content.TagIds);
        var latest = (await service.History.RevisionsAsync(author, s.Id))[0];
        Assert.Equal(RevisionKind.Restore, latest.Kind);
        Assert.Equal("#1", latest.Comment);
        Assert.True((await service.History.DiffAsync(author, s.Id, 1, 3)).Fields.All(f => f.Field == StatementFields.Status || f.Field == StatementFields.Slug));
    }

    [Fact]
    public async Task Validation_names_the_field_and_language_and_saves_nothing()
    {
        var service = Service();
        var author = Author;
        var s = await service.Statements.CreateAsync(author, Content(Unique("Тексеру"), Unique("Проверка")));
        var bad = new StatementContent
        {
            Translations =
            [
                new TranslationContent("kk", new string('а', StatementFields.TitleMax + 1), "", "", null, null),
                new TranslationContent("ru", "", "Лид без заголовка", "", null, null),
            ],
        };
        var ex = await Assert.ThrowsAsync<ValidationException>(() => service.Statements.SaveAsync(author, s.Id, bad, s.Version));
        Assert.Contains(ex.Errors, e => e.Key == ErrorKeys.FieldTooLong && e.Field == StatementFields.Title && e.Lang == "kk" && e.Limit == StatementFields.TitleMax);
        Assert.Contains(ex.Errors, e => e.Key == ErrorKeys.FieldRequired && e.Field == StatementFields.Title && e.Lang == "ru");
        Assert.Single(await service.History.RevisionsAsync(author, s.Id));

        var photoWithoutAlt = Content("Фото", "Фото") with { PhotoPath = new string('a', 32) };
        var alt = await Assert.ThrowsAsync<ValidationException>(() => service.Statements.SaveAsync(author, s.Id, photoWithoutAlt, s.Version));
        Assert.Equal(2, alt.Errors.Count(e => e.Key == StatementErrors.PhotoAltRequired));
    }

    [Fact]
    public async Task Scheduled_statements_are_published_when_due_by_the_background_publisher()
    {
        var service = Service();
        var editor = Editor;
        var s = await service.Statements.CreateAsync(editor, Content(Unique("Кейінірек"), Unique("Позже")));
        var due = _clock.GetUtcNow().AddMinutes(10);
        await Assert.ThrowsAsync<RuleException>(() => service.Workflow.ScheduleAsync(editor, s.Id, s.Version, _clock.GetUtcNow().AddMinutes(-1)));
        await service.Workflow.ScheduleAsync(editor, s.Id, s.Version, due);
        Assert.Equal(StatementStatus.InReview, (await service.Statements.GetAsync(editor, s.Id)).Status);

        var services = new ServiceCollection();
        services.AddSingleton(fixture.Contexts(clock: _clock));
        services.AddScoped<IPublicContentEvents>(_ => _events);
        services.AddSingleton<TimeProvider>(_clock);
        services.AddLogging();
        services.AddScoped<StatementWorkflowService>();
        await using var provider = services.BuildServiceProvider();
        // The publisher ends each round asleep on its clock (a timer on it): the test waits for that, so every check
        // below follows a finished round, however slow the machine.
        using var rounds = new TimerWatchingClock(_clock);
        using var publisher = new ScheduledPublisher(
            provider.GetRequiredService<IServiceScopeFactory>(), rounds, NullLogger<ScheduledPublisher>.Instance);
        await publisher.StartAsync(CancellationToken.None);
        try
        {
            await rounds.WaitForTimerAsync();

            // Nine minutes on the fake clock, a round after each: not yet.
            for (var i = 0; i < 9; i++)
            {
                _clock.Advance(TimeSpan.FromMinutes(1));
                await rounds.WaitForTimerAsync();
            }

            Assert.Equal(StatementStatus.InReview, (await service.Statements.GetAsync(editor, s.Id)).Status);

            // Then 30 s at a time (the publisher's longest sleep): published in the round at or after the due time.
            StatementEditModel model;
            var steps = 0;
            do
            {
                _clock.Advance(TimeSpan.FromSeconds(30));
                await rounds.WaitForTimerAsync();
                model = await service.Statements.GetAsync(editor, s.Id);
            }
            while (model.Status != StatementStatus.Published && ++steps < 10);

            Assert.Equal(StatementStatus.Published, model.Status);
            Assert.Null(model.ScheduledFor);
            Assert.True(model.PublishedAt >= due && model.PublishedAt <= _clock.GetUtcNow(), $"published at {model.PublishedAt}, due {due}");
            Assert.Contains(s.Id, _events.Statements);
            Assert.Equal(RevisionKind.ScheduledPublish, (await service.History.RevisionsAsync(editor, s.Id))[0].Kind);
        }
        finally
        {
            await publisher.StopAsync(CancellationToken.None);
        }
    }
}

public class LineDiffTests
{
    [Fact]
    public void Unchanged_text_is_all_same_and_a_replacement_shows_removed_then_added()
    {
        Assert.All(LineDiff.Compute("a\nb", "a\nb"), l => Assert.Equal(DiffOp.Same, l.Op));
        Assert.Equal([(DiffOp.Removed, "x"), (DiffOp.Added, "y")], LineDiff.Compute("x", "y").Select(l => (l.Op, l.Text)));
        Assert.Equal([(DiffOp.Added, "new")], LineDiff.Compute("", "new").Select(l => (l.Op, l.Text)));
        Assert.Equal(
            [(DiffOp.Same, "a"), (DiffOp.Added, "b"), (DiffOp.Same, "c"), (DiffOp.Removed, "d")],
            LineDiff.Compute("a\r\nc\r\nd", "a\nb\nc").Select(l => (l.Op, l.Text)));
    }
}
