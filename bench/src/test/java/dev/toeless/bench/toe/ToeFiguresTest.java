package dev.toeless.bench.toe;

import dev.toeless.bench.cli.CliRun;
import dev.toeless.bench.demo.DemoMode;
import dev.toeless.stack.driver.DriverMode;
import dev.toeless.stack.toe.CardFullPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The TOE figures' scenarios, small: every connection accounted for, and the same for the same seed. */
class ToeFiguresTest {
    @Test
    void shortConnectionsCompleteInBothModesAndRepeat() {
        final ShortConnections.Result stateless = ShortConnections.run(
            ShortConnections.Spec.of(DemoMode.of(DriverMode.STATELESS), 300));
        final ShortConnections.Result toe = ShortConnections.run(ShortConnections.Spec.of(DemoMode.TOE, 300));
        assertThat(stateless.completed()).isEqualTo(300);
        assertThat(toe.completed()).isEqualTo(300);
        assertThat(stateless.failed() + toe.failed()).isZero();
        assertThat(toe.cardNsPerConn()).as("the card's CPU does the TCP").isPositive();
        assertThat(stateless.cardNsPerConn()).isZero();
        assertThat(toe.hostNsPerConn()).isPositive();
        assertThat(ShortConnections.run(ShortConnections.Spec.of(DemoMode.TOE, 300))).isEqualTo(toe);
    }

    @Test
    void aRampPastTheSlotsFallsBackIsRefusedOrUploads() {
        final CardExhaustion.Result fallback = CardExhaustion.run(
            new CardExhaustion.Spec(CardFullPolicy.FALLBACK, 300, 100, 10_000, 4, 1));
        assertThat(fallback.admittedOnCard()).isEqualTo(100);
        assertThat(fallback.fellBack()).isEqualTo(200);
        assertThat(fallback.hostConnections()).isEqualTo(200);
        assertThat(fallback.refused() + fallback.unsettled()).isZero();
        final CardExhaustion.Result refuse = CardExhaustion.run(
            new CardExhaustion.Spec(CardFullPolicy.REFUSE, 300, 100, 10_000, 4, 1));
        assertThat(refuse.admittedOnCard()).isEqualTo(100);
        assertThat(refuse.refused()).isEqualTo(200);
        assertThat(refuse.fellBack() + refuse.unsettled() + refuse.hostConnections()).isZero();
        final CardExhaustion.Result upload = CardExhaustion.run(
            new CardExhaustion.Spec(CardFullPolicy.UPLOAD, 300, 100, 10_000, 4, 1));
        assertThat(upload.admittedOnCard()).as("every connection opened on the card").isEqualTo(300);
        assertThat(upload.uploaded()).as("the oldest made room for the newest").isEqualTo(200);
        assertThat(upload.hostConnections()).isEqualTo(200);
        assertThat(upload.peakSlotsInUse()).isEqualTo(100);
        assertThat(upload.fellBack() + upload.refused() + upload.unsettled()).isZero();
    }

    @Test
    void theCommandPrintsBothFigures() {
        final CliRun c = CliRun.of("toe", "connections", "--connections", "100");
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(c.out()).contains("stateless").contains("toe").contains("conn_per_s");
        final CliRun e = CliRun.of("toe", "exhaustion", "--connections", "150", "--slots", "100");
        assertThat(e.exitCode()).as(e.err()).isZero();
        assertThat(e.out()).contains("fallback").contains("refuse").contains("upload").contains("admitted_on_card")
            .contains("uploaded");
        assertThat(CliRun.of("toe", "exhaustion", "--policy", "sideways").exitCode()).isEqualTo(2);
    }
}
