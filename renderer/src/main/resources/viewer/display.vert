#version 330 core
// Full-viewport triangle; uv (0,0) at the bottom-left of the viewport, (1,1) at the top-right.
out vec2 vUv;
void main() {
    vec2 p = vec2(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0);
    vUv = p * 0.5 + 0.5;
    gl_Position = vec4(p, 0.0, 1.0);
}
