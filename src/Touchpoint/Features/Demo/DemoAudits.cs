using System.IO.Compression;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Touchpoint.Features.Quality;
using Touchpoint.Platform.Persistence;
using Touchpoint.Platform.Web;

namespace Touchpoint.Features.Demo;

/// <summary>
/// Mystery-shopper audits of the demo store (seed 000: a "secret caller" consults by phone and chat pretending not to
/// decide, or orders to check dispatch and packing): one plan per touchpoint, this month's tasks scheduled, and one
/// submitted sales audit with a photo of the test parcel (a small PNG drawn here).
/// </summary>
public sealed class DemoAudits(TouchpointDb db, SaveAuditPlan plans, ScheduleAudits schedule, SaveAudit audits, AddAuditEvidence evidence,
    SubmitAudit submit, TimeProvider time)
{
    private const string Auditor = "auditor@demo.touchpoint";

    private static Dictionary<string, string?> T(string en, string ru, string pl) => new() { ["en"] = en, ["ru"] = ru, ["pl"] = pl };

    public async Task<int> SeedAsync(CancellationToken ct)
    {
        if (await db.Set<AuditPlan>().AnyAsync(ct))
        {
            return 0;
        }
        var requests = new (string Key, PutAuditPlanRequest Request)[]
        {
            ("sales-mystery", new PutAuditPlanRequest(QualityTouchpoints.Sales, QualityDefaults.Sales,
                T("Mystery shopper: sales consultations", "Тайный покупатель: консультации продаж", "Tajemniczy klient: konsultacje sprzedażowe"),
                [
                    new AuditScenarioRequest("undecided-call", AuditChannels.Phone, T(
                        "Call and ask for advice on running shoes, acting undecided between two models; check that the seller finds out your needs and offers one.",
                        "Позвонить и попросить совета по беговым кроссовкам, делая вид, что не можете выбрать между двумя моделями; проверить, выявляет ли продавец потребности и предлагает ли вариант.",
                        "Zadzwoń i poproś o radę w sprawie butów do biegania, udając, że nie możesz wybrać między dwoma modelami; sprawdź, czy sprzedawca rozpoznaje potrzeby i coś proponuje.")),
                    new AuditScenarioRequest("size-chat", AuditChannels.Chat, T(
                        "Ask in the chat which size to take for wide feet and whether the shoes can be returned if they do not fit.",
                        "Спросить в чате, какой размер взять при широкой стопе и можно ли вернуть обувь, если не подойдёт.",
                        "Zapytaj na czacie, jaki rozmiar wybrać przy szerokiej stopie i czy buty można zwrócić, jeśli nie będą pasować.")),
                ],
                new AuditQuotaRequest(2, AuditQuotaPer.Employee), [Auditor], ["agent@demo.touchpoint", "agent.en@demo.touchpoint"], true)),
            ("support-mystery", new PutAuditPlanRequest(QualityTouchpoints.Support, QualityDefaults.Support,
                T("Mystery shopper: after-sales questions", "Тайный покупатель: вопросы после покупки", "Tajemniczy klient: pytania po zakupie"),
                [
                    new AuditScenarioRequest("return-10-days", AuditChannels.Phone, T(
                        "Ask by phone whether shoes bought 10 days ago can be returned.",
                        "Спросить по телефону, можно ли вернуть обувь, купленную 10 дней назад.",
                        "Zapytaj telefonicznie, czy można zwrócić buty kupione 10 dni temu.")),
                    new AuditScenarioRequest("late-parcel-email", AuditChannels.Email, T(
                        "Write that the parcel is three days late and ask what happens now.",
                        "Написать, что посылка опаздывает на три дня, и спросить, что будет дальше.",
                        "Napisz, że paczka spóźnia się trzy dni, i zapytaj, co dalej.")),
                ],
                new AuditQuotaRequest(4, AuditQuotaPer.Touchpoint), [Auditor], [], true)),
            ("warehouse-test-order", new PutAuditPlanRequest(QualityTouchpoints.Warehouse, QualityDefaults.Warehouse,
                T("Test orders: picking and dispatch", "Тестовые заказы: комплектация и отправка", "Zamówienia testowe: kompletacja i wysyłka"),
                [
                    new AuditScenarioRequest("test-order", AuditChannels.Order, T(
                        "Place a test order for two items; check the dispatch time, that the parcel is complete and how it is packed (photos).",
                        "Оформить тестовый заказ на два товара; проверить срок отправки, комплектность и упаковку посылки (фото).",
                        "Złóż zamówienie testowe na dwa produkty; sprawdź czas wysyłki, kompletność paczki i sposób zapakowania (zdjęcia).")),
                ],
                new AuditQuotaRequest(2, AuditQuotaPer.Touchpoint), [Auditor], [], true)),
        };
        var scheduled = 0;
        var (year, month) = schedule.CurrentMonth();
        foreach (var (key, request) in requests)
        {
            var (content, validation) = await plans.ValidateAsync(key, request, ct);
            if (!validation.IsValid)
            {
                continue;
            }
            var (plan, _) = await plans.ExecuteAsync(key, content!, "demo", ct);
            scheduled += (await schedule.ExecuteAsync(plan, year, month, ct)).Tasks;
        }
        await SubmittedAuditAsync(ct);
        return scheduled;
    }

    /// <summary>The auditor's first sales task of the month, done: a call two days ago, a photo, the sales scorecard answered.</summary>
    private async Task SubmittedAuditAsync(CancellationToken ct)
    {
        var task = await db.Set<AuditTask>().AsNoTracking().Where(t => t.PlanKey == "sales-mystery" && t.EmployeeEmail != null)
            .OrderBy(t => t.DueAt).FirstOrDefaultAsync(ct);
        var card = await db.Set<Scorecard>().AsNoTracking().Where(s => s.Key == QualityDefaults.Sales).OrderByDescending(s => s.Version).FirstOrDefaultAsync(ct);
        if (task is null || card is null)
        {
            return;
        }
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, task.AuditorId), new Claim(ClaimTypes.Email, task.AuditorEmail), new Claim(ClaimTypes.Role, Roles.Auditor)], "demo"));
        var (start, validation) = await audits.ValidateAsync(new PostAuditRequest(task.Id, null, null, time.GetUtcNow().AddDays(-2), null, null,
            "Polite and quick, but did not ask what the shoes are for and did not mention the 30-day return.", "https://calls.demo.touchpoint/recordings/4711.mp3",
            null, null), ct);
        if (!validation.IsValid)
        {
            return;
        }
        var audit = await audits.StartAsync(start!, user, ct);
        var photo = ParcelPng();
        var (files, checkedFiles) = await evidence.ValidateAsync(audit, [new AddAuditEvidence.Upload("parcel.png", photo.Length, () => new MemoryStream(photo))], ct);
        if (checkedFiles.IsValid)
        {
            await evidence.ExecuteAsync(audit, files!, "demo", ct);
        }
        var answers = card.Criteria.Select((c, i) => (AnswerRequest?)new AnswerRequest(c.Key, c.ScaleRange.Key switch
        {
            "yes_no" => i == 1 ? 0 : 1,
            _ => c.ScaleRange.Max - (i % 2),
        }, null)).ToList();
        var (reviews, answered) = await submit.ValidateAsync(audit, (await db.Set<AuditPlan>().AsNoTracking().FirstAsync(p => p.Id == audit.PlanId, ct)),
            new SubmitAuditRequest(answers, "Needs work on finding out needs; the return rules must be said unasked."), ct);
        if (answered.IsValid)
        {
            await submit.ExecuteAsync(audit, reviews!, user, ct);
        }
    }

    /// <summary>A 48×32 picture of a brown parcel with a strip of tape, as PNG bytes (drawn here: no binary files in the repository).</summary>
    public static byte[] ParcelPng()
    {
        const int width = 48, height = 32;
        var raw = new byte[height * (width * 3 + 1)];
        for (var y = 0; y < height; y++)
        {
            var row = y * (width * 3 + 1);
            raw[row] = 0;
            for (var x = 0; x < width; x++)
            {
                var box = x is >= 6 and < 42 && y is >= 6 and < 28;
                var tape = box && x is >= 22 and < 26;
                (byte r, byte g, byte b) = tape ? ((byte)230, (byte)220, (byte)180) : box ? ((byte)176, (byte)124, (byte)72) : ((byte)236, (byte)240, (byte)244);
                raw[row + 1 + x * 3] = r;
                raw[row + 2 + x * 3] = g;
                raw[row + 3 + x * 3] = b;
            }
        }
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        WriteBigEndian(header, 0, width);
        WriteBigEndian(header, 4, height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        WriteBigEndian(length, 0, data.Length);
        png.Write(length);
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typed);
        data.CopyTo(typed, 4);
        png.Write(typed);
        var crc = new byte[4];
        WriteBigEndian(crc, 0, (int)Crc32(typed));
        png.Write(crc);
    }

    private static void WriteBigEndian(byte[] target, int at, int value)
    {
        target[at] = (byte)(value >> 24);
        target[at + 1] = (byte)(value >> 16);
        target[at + 2] = (byte)(value >> 8);
        target[at + 3] = (byte)value;
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
