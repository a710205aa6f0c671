package io.dejavu.app.call;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.geometry.Rectangle2D;
import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * The remote video, large: the enhanced picture, or with the split view on, the decoded picture
 * left of a draggable divider and the enhanced picture right of it, both scaled to fit.
 */
public final class SplitVideoPane extends Pane {
    private final ImageView decoded = new ImageView();
    private final ImageView enhanced = new ImageView();
    private final Rectangle enhancedClip = new Rectangle();
    private final Region divider = new Region();
    private final Label decodedTag = new Label("decoded");
    private final Label enhancedTag = new Label("enhanced");
    private final BooleanProperty split;
    private final DoubleProperty position;

    public SplitVideoPane(BooleanProperty split, DoubleProperty position) {
        this.split = split;
        this.position = position;
        setId("remoteVideo");
        getStyleClass().add("remote-video");
        decoded.setId("remoteDecoded");
        enhanced.setId("remoteEnhanced");
        for (ImageView v : new ImageView[] {decoded, enhanced}) {
            v.setPreserveRatio(true);
            v.setSmooth(true);
        }
        enhanced.setClip(enhancedClip);
        divider.setId("splitDivider");
        divider.getStyleClass().add("split-divider");
        divider.setCursor(Cursor.H_RESIZE);
        divider.setOnMouseDragged(e -> {
            Rectangle2D r = pictureBounds();
            if (r.getWidth() > 0) {
                double x = divider.localToParent(e.getX(), e.getY()).getX();
                position.set(Math.max(0, Math.min(1, (x - r.getMinX()) / r.getWidth())));
            }
            e.consume();
        });
        decodedTag.getStyleClass().add("video-tag");
        enhancedTag.getStyleClass().add("video-tag");
        getChildren().addAll(decoded, enhanced, divider, decodedTag, enhancedTag);
        decoded.visibleProperty().bind(split);
        divider.visibleProperty().bind(split);
        decodedTag.visibleProperty().bind(split);
        enhancedTag.visibleProperty().bind(split);
        split.addListener((o, was, now) -> requestLayout());
        position.addListener((o, was, now) -> requestLayout());
        // The renderers swap between two images each frame: only a new size needs a new layout.
        decoded.imageProperty().addListener((o, was, now) -> layoutIfResized(was, now));
        enhanced.imageProperty().addListener((o, was, now) -> layoutIfResized(was, now));
    }

    private void layoutIfResized(Image was, Image now) {
        if (was == null || now == null || was.getWidth() != now.getWidth() || was.getHeight() != now.getHeight()) {
            requestLayout();
        }
    }

    public ImageView decodedView() {
        return decoded;
    }

    public ImageView enhancedView() {
        return enhanced;
    }

    /** Where the picture sits inside the pane, scaled to fit and centred. */
    public Rectangle2D pictureBounds() {
        Image img = enhanced.getImage() != null ? enhanced.getImage() : decoded.getImage();
        double w = getWidth();
        double h = getHeight();
        if (img == null || img.getWidth() <= 0 || w <= 0 || h <= 0) {
            return new Rectangle2D(0, 0, w, h);
        }
        double scale = Math.min(w / img.getWidth(), h / img.getHeight());
        double pw = img.getWidth() * scale;
        double ph = img.getHeight() * scale;
        return new Rectangle2D((w - pw) / 2, (h - ph) / 2, pw, ph);
    }

    @Override
    protected void layoutChildren() {
        Rectangle2D r = pictureBounds();
        for (ImageView v : new ImageView[] {decoded, enhanced}) {
            v.setFitWidth(r.getWidth());
            v.setFitHeight(r.getHeight());
            v.relocate(r.getMinX(), r.getMinY());
        }
        double cut = split.get() ? r.getWidth() * position.get() : 0;
        enhancedClip.setX(cut);
        enhancedClip.setY(0);
        enhancedClip.setWidth(Math.max(0, r.getWidth() - cut));
        enhancedClip.setHeight(r.getHeight());
        double dw = 12;
        divider.resizeRelocate(r.getMinX() + cut - dw / 2, r.getMinY(), dw, r.getHeight());
        decodedTag.autosize();
        enhancedTag.autosize();
        decodedTag.relocate(r.getMinX() + 8, r.getMinY() + 8);
        enhancedTag.relocate(r.getMaxX() - enhancedTag.getWidth() - 8, r.getMinY() + 8);
    }
}
